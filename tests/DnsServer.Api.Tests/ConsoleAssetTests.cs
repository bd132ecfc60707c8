using System.Net;
using System.Net.Http.Headers;

namespace DnsServer.Api.Tests;

/// <summary>The console's files are served with an ETag that stays the same across restarts.</summary>
public sealed class ConsoleAssetTests
{
    [Fact]
    public async Task Index_FetchedAgainWithItsETag_NotModified()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client(withKey: false);

        using var first = await client.GetAsync("/");
        var etag = first.Headers.ETag;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.IfNoneMatch.Add(etag!);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Matches("^\"[0-9a-f]{16}\"$", etag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task ETag_SameContentInAnotherServer_Same()
    {
        EntityTagHeaderValue? first;
        await using (var host = await ApiHost.StartAsync())
        {
            using var client = host.Client(withKey: false);
            using var response = await client.GetAsync("/");
            first = response.Headers.ETag;
        }

        await using var again = await ApiHost.StartAsync();
        using var againClient = again.Client(withKey: false);
        using var second = await againClient.GetAsync("/");

        Assert.Equal(first, second.Headers.ETag);
    }
}
