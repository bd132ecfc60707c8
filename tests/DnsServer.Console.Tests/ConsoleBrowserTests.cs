using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DnsServer.Tests.Shared;
using Microsoft.Playwright;

namespace DnsServer.Console.Tests;

/// <summary>The web console in headless Chromium against a real server process.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleServer fixture)
{
    private static readonly string[] Views = ["pools", "events", "explain", "stats", "reports", "zones"];

    [Fact]
    public async Task Console_EveryView_LoadsWithoutErrors()
    {
        await using var console = await fixture.NewPageAsync();
        var page = console.Page;
        await page.GotoAsync(fixture.BaseUri.ToString());
        await Assertions.Expect(page.Locator("#zones-root table.zones")).ToBeVisibleAsync();
        foreach (var view in Views)
        {
            await page.ClickAsync($"nav a[data-view={view}]");
            await Assertions.Expect(page.Locator($"#view-{view}")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"nav a[data-view={view}]")).ToHaveAttributeAsync("aria-current", "page");
            await Assertions.Expect(page.Locator($"#{view}-title")).ToBeFocusedAsync();
        }

        await Assertions.Expect(page.Locator("#pools-root")).Not.ToBeEmptyAsync();
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task RecordForm_ValidRecord_IsAnsweredOverDns()
    {
        const string Zone = "added.test.";
        await CreateZoneAsync(Zone);
        await using var console = await OpenZoneAsync(Zone);
        var page = console.Page;
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Record" });
        await form.GetByLabel("Name").FillAsync("web");
        await form.GetByLabel("Type").FillAsync("A");
        await form.GetByLabel("TTL").FillAsync("60");
        await form.GetByLabel("Data").FillAsync("192.0.2.77");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add record" }).ClickAsync();
        await Assertions.Expect(page.Locator(".records td.data", new() { HasText = "192.0.2.77" })).ToBeVisibleAsync();

        var dig = PeerProgram.Find("dig") ?? throw new InvalidOperationException("peer dig not installed (dnsutils); run ./test.sh as root to install it");
        var answer = PeerProgram.Run(dig, [$"@{fixture.Server.Endpoint.Address}", "-p", fixture.Server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "+short", "+time=2", "+tries=1", "web.added.test.", "A"], timeout: TimeSpan.FromSeconds(10));
        Assert.Equal("192.0.2.77", answer.StandardOutput.Trim());
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task RecordForm_InvalidAddress_ShowsTheApiMessageAtTheField()
    {
        const string Zone = "invalid.test.";
        await CreateZoneAsync(Zone);
        await using var console = await OpenZoneAsync(Zone);
        var page = console.Page;
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Record" });
        var data = form.GetByLabel("Data");
        await form.GetByLabel("Name").FillAsync("bad");
        await form.GetByLabel("Type").FillAsync("A");
        await data.FillAsync("not-an-ip");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add record" }).ClickAsync();

        await Assertions.Expect(data).ToHaveAttributeAsync("aria-invalid", "true");
        var error = form.Locator("[data-field=data] .field-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("not-an-ip");
        var errorId = await error.GetAttributeAsync("id");
        Assert.Contains(errorId!, (await data.GetAttributeAsync("aria-describedby"))!.Split(' '));
        await Assertions.Expect(data).ToBeFocusedAsync();
        Assert.Equal("", await form.Locator("[data-field=name] .field-error").TextContentAsync());
        // The refusal is the API's 422, shown at the field; the browser logs the failed request, nothing else.
        Assert.All(console.Errors, e => Assert.Contains("422", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PoolView_BackendStops_MemberShownDownWithinTheFallWindow()
    {
        await using var console = await fixture.NewPageAsync();
        var page = console.Page;
        await page.GotoAsync(new Uri(fixture.BaseUri, "/#pools").ToString());
        var row = page.Locator($"tr[data-member='{ConsoleServer.SecondMember}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "up", new() { Timeout = 10_000 });
        await Assertions.Expect(row.Locator(".health")).ToContainTextAsync("up");

        var window = ConsoleServer.CheckInterval * ConsoleServer.Fall + ConsoleServer.CheckTimeout + TimeSpan.FromSeconds(1);
        var stopwatch = Stopwatch.StartNew();
        fixture.StopBackend(ConsoleServer.SecondMember);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "down", new() { Timeout = (float)window.TotalMilliseconds + 2_000 });
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed <= window, $"shown down after {stopwatch.Elapsed.TotalSeconds:0.0} s; the fall window is {window.TotalSeconds:0.0} s");
        await Assertions.Expect(row.Locator(".health")).ToContainTextAsync("down");
        var color = await row.Locator(".health").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(164, 14, 38)", color);
        await Assertions.Expect(page.Locator("#pools-root svg polyline").First).ToBeAttachedAsync();
        Assert.Empty(console.Errors);
    }

    private async Task CreateZoneAsync(string zone)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseUri, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ApiKey);
        using var response = await http.PostAsJsonAsync("/api/zones", new { name = zone });
        Assert.True(response.IsSuccessStatusCode, $"creating {zone}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Opens the console, sets the API key in its field, and shows the zone's records.</summary>
    private async Task<ConsolePage> OpenZoneAsync(string zone)
    {
        var console = await fixture.NewPageAsync();
        var page = console.Page;
        await page.GotoAsync(new Uri(fixture.BaseUri, "/#zones").ToString());
        await page.GetByLabel("API key").FillAsync(fixture.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Records of {zone}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#records-title")).ToHaveTextAsync($"Records of {zone}");
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Record" })).ToBeVisibleAsync();
        return console;
    }
}
