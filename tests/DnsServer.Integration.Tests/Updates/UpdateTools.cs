using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using DnsServer.Integration.Tests.Infrastructure;
using DnsServer.Tests.Shared;

namespace DnsServer.Integration.Tests.Updates;

/// <summary>nsupdate, knsupdate and dig against a server on loopback, and the API client, for the update tests.</summary>
internal static partial class UpdateTools
{
    public const string KeyName = "upd-key.";
    public const string KeySecret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public static string ZoneText(uint serial) => $"""
        $ORIGIN lab.test.
        $TTL 300
        @ IN SOA ns1 hostmaster {serial} 3600 600 86400 60
        @ NS ns1
        ns1 A 127.0.0.1
        www A 192.0.2.1

        """;

    /// <summary>A config with the update key, the zone's update rules and, optionally, a secondary to notify.</summary>
    public static string Config(string allowUpdate, IPEndPoint? secondary = null) => $$"""
        {
          "TsigKeys": [ { "Name": "{{KeyName}}", "Algorithm": "hmac-sha256", "Secret": "{{KeySecret}}" } ],
          "Transfers": { "Zones": { "lab.test.": {
            "AllowUpdate": [ {{allowUpdate}} ], "UpdateKeys": [ "upd-key" ],
            "AllowTransfer": [ "127.0.0.0/8" ], "Notify": [ {{(secondary is null ? "" : $"\"{secondary}\"")}} ] } } }
        }
        """;

    /// <summary>Runs nsupdate (or knsupdate) on a script of commands after <c>server</c> and <c>zone</c>; with <paramref name="tsig"/>, signed with the update key.</summary>
    public static PeerResult Nsupdate(string program, IPEndPoint server, bool tsig, params string[] commands)
    {
        using var directory = new TempDirectory("nsupdate");
        string script = directory.Combine("commands.txt");
        File.WriteAllLines(script, [$"server {server.Address} {server.Port}", "zone lab.test.", .. commands, "send"]);
        string[] key = tsig ? ["-y", $"hmac-sha256:{KeyName}:{KeySecret}"] : [];
        return PeerProgram.Run(Peers.Require(program), [.. key, script], timeout: TimeSpan.FromSeconds(20));
    }

    /// <summary>dig's short answer, one record a line.</summary>
    public static string Dig(IPEndPoint server, string name, string type, params string[] options)
    {
        var result = PeerProgram.Run(Peers.Require("dig"), ["@" + server.Address, "-p", server.Port.ToString(CultureInfo.InvariantCulture), name, type, "+tries=1", "+time=2", .. options]);
        return result.StandardOutput.Trim();
    }

    public static async Task<HttpClient> ApiClientAsync(ServerProcess server)
    {
        Assert.True(await server.WaitForOutputAsync("HTTP API listening on", TimeSpan.FromSeconds(10)), server.Output);
        var client = new HttpClient { BaseAddress = new Uri(ApiUrl().Match(server.Output).Groups[1].Value), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(server.DataDirectory, "api-key")).Trim());
        return client;
    }

    [GeneratedRegex(@"HTTP API listening on (http://\S+)")]
    private static partial Regex ApiUrl();
}
