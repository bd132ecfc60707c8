using System.Diagnostics;
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
        await fixture.CreateZoneAsync(Zone);
        await using var console = await OpenZoneAsync(Zone);
        var page = console.Page;
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Record" });
        await form.GetByLabel("Name").FillAsync("web");
        await form.GetByLabel("Type").FillAsync("A");
        await form.GetByLabel("TTL").FillAsync("60");
        await form.GetByLabel("Data").FillAsync("192.0.2.77");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add record" }).ClickAsync();
        await Assertions.Expect(page.Locator(".records td.data", new() { HasText = "192.0.2.77" })).ToBeVisibleAsync();

        Assert.Equal(["192.0.2.77"], fixture.Dig("web.added.test."));
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task RecordEdit_NewAddress_IsAnsweredOverDns()
    {
        const string Zone = "edited.test.";
        await fixture.CreateZoneAsync(Zone, ("web", "A", "192.0.2.10"));
        await using var console = await OpenZoneAsync(Zone);
        var page = console.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit web.edited.test. A 192.0.2.10" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Record" });
        await Assertions.Expect(form.GetByLabel("Data")).ToBeFocusedAsync();
        await form.GetByLabel("Data").FillAsync("192.0.2.20");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save record" }).ClickAsync();
        await Assertions.Expect(page.Locator(".records td.data", new() { HasText = "192.0.2.20" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".records td.data", new() { HasText = "192.0.2.10" })).ToHaveCountAsync(0);

        Assert.Equal(["192.0.2.20"], fixture.Dig("web.edited.test."));
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task RecordDelete_Confirmed_IsNoLongerAnsweredOverDns()
    {
        const string Zone = "deleted.test.";
        await fixture.CreateZoneAsync(Zone, ("web", "A", "192.0.2.30"), ("web", "A", "192.0.2.31"));
        Assert.Equal(["192.0.2.30", "192.0.2.31"], fixture.Dig("web.deleted.test.").Order());
        await using var console = await OpenZoneAsync(Zone);
        var page = console.Page;
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete web.deleted.test. A 192.0.2.30" }).ClickAsync();
        await Assertions.Expect(page.Locator(".records td.data", new() { HasText = "192.0.2.30" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#announcer")).ToHaveTextAsync("web.deleted.test. A 192.0.2.30 deleted");

        Assert.Equal("Delete web.deleted.test. A 192.0.2.30?", question);
        Assert.Equal(["192.0.2.31"], fixture.Dig("web.deleted.test."));
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task RecordForm_InvalidAddress_ShowsTheApiMessageAtTheField()
    {
        const string Zone = "invalid.test.";
        await fixture.CreateZoneAsync(Zone);
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

    /// <summary>Opens the console, sets the API key in its field, and shows the zone's records.</summary>
    private async Task<ConsolePage> OpenZoneAsync(string zone)
    {
        var console = await fixture.OpenWithKeyAsync("zones");
        var page = console.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = $"Records of {zone}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#records-title")).ToHaveTextAsync($"Records of {zone}");
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Record" })).ToBeVisibleAsync();
        return console;
    }
}
