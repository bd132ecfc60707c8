using System.Globalization;
using DnsServer.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DnsServer.Console.Tests;

/// <summary>Experiment reports opened from the console and offline; screenshots of the main views.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReportAndScreenshotTests(ConsoleServer fixture)
{
    [Fact]
    public async Task ExperimentReport_OpenedFromConsoleAndOffline_DrawsItsChartsWithoutNetwork()
    {
        var report = await RunTinyExperimentAsync("tiny");

        await using (var console = await fixture.NewPageAsync())
        {
            var requests = new List<string>();
            await console.Page.GotoAsync(new Uri(fixture.BaseUri, "/#reports").ToString());
            var link = console.Page.GetByRole(AriaRole.Link, new() { Name = "tiny" });
            await Assertions.Expect(link).ToHaveAttributeAsync("href", "/reports/tiny/report.html");
            console.Context.Request += (_, request) => requests.Add(request.Url);
            var popup = await console.Page.RunAndWaitForPopupAsync(() => link.ClickAsync());
            await popup.WaitForLoadStateAsync(LoadState.Load);
            await AssertChartsDrawnAsync(popup);
            Assert.Equal([new Uri(fixture.BaseUri, "/reports/tiny/report.html").ToString()], requests.Distinct());
            Assert.Empty(console.Errors);
        }

        await using var offline = await fixture.NewPageAsync(new BrowserNewContextOptions { Offline = true });
        var blocked = new List<string>();
        await offline.Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                blocked.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        await offline.Page.GotoAsync(new Uri(report).AbsoluteUri);
        await AssertChartsDrawnAsync(offline.Page);
        Assert.Empty(blocked);
        Assert.Empty(offline.Errors);
    }

    [Fact]
    public async Task MainViews_Screenshots_SavedAsArtifactsAndCopiedToDocsWhenAsked()
    {
        using var traffic = new CancellationTokenSource();
        var queries = SendQueriesAsync(traffic.Token);
        try
        {
            await using var console = await fixture.NewPageAsync();
            var page = console.Page;
            await page.GotoAsync(new Uri(fixture.BaseUri, "/#zones").ToString());
            await page.GetByRole(AriaRole.Button, new() { Name = "Records of lab.test." }).ClickAsync();
            await Assertions.Expect(page.Locator("#records-title")).ToHaveTextAsync("Records of lab.test.");
            await SaveAsync(page, "console-zones");

            await page.ClickAsync("nav a[data-view=pools]");
            await page.WaitForTimeoutAsync(8_000);
            await Assertions.Expect(page.Locator("#pools-root svg polyline").First).ToBeAttachedAsync();
            await SaveAsync(page, "console-pools");

            await page.ClickAsync("nav a[data-view=explain]");
            var form = page.GetByRole(AriaRole.Form, new() { Name = "Explain" });
            await form.GetByLabel("Name").FillAsync("www.lab.test.");
            await form.GetByLabel("Client address").FillAsync("10.1.2.3");
            await form.GetByLabel("ECS subnet (optional)").FillAsync("10.1.0.0/24");
            await form.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
            await Assertions.Expect(page.Locator(".explain-output .sentence")).ToContainTextAsync("client 10.1.2.3 with ECS 10.1.0.0/24 gets");
            await SaveAsync(page, "console-explain");

            await page.ClickAsync("nav a[data-view=stats]");
            await page.WaitForTimeoutAsync(8_000);
            await Assertions.Expect(page.Locator("#stats-root svg polyline").First).ToBeAttachedAsync();
            await SaveAsync(page, "console-stats");
            Assert.Empty(console.Errors);
        }
        finally
        {
            await traffic.CancelAsync();
            await queries;
        }
    }

    private static async Task AssertChartsDrawnAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#chart svg polyline").First).ToBeAttachedAsync();
        var points = await page.Locator("#chart svg polyline").First.GetAttributeAsync("points");
        Assert.True(points!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1, $"the share chart has no line: '{points}'");
    }

    /// <summary>Runs <c>dnsserver experiment</c> for two seconds against the fixture's server, its report in the server's reports folder.</summary>
    private async Task<string> RunTinyExperimentAsync(string name)
    {
        var spec = Path.Combine(Path.GetTempPath(), $"dnsserver-console-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(spec, $$"""
            { "Server": "{{fixture.Server.Endpoint}}", "Name": "www.lab.test.", "Clients": { "Count": 4, "Rate": 5 }, "Duration": "00:00:02", "Warmup": "00:00:00" }
            """);
        try
        {
            var output = Path.Combine(fixture.ReportsDirectory, name);
            var (exitCode, standardOutput, standardError) = await ServerProcess.RunToExitAsync(
                ["experiment", spec, "--out", output, "--data", fixture.Server.DataDirectory], TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"dnsserver experiment exited with {exitCode}:\n{standardOutput}\n{standardError}");
            return Path.Combine(output, "report.html");
        }
        finally
        {
            File.Delete(spec);
        }
    }

    /// <summary>A few queries a second for the pool record and a missing name, so the charts have something to draw.</summary>
    private async Task SendQueriesAsync(CancellationToken cancellationToken)
    {
        ushort id = 1;
        while (!cancellationToken.IsCancellationRequested)
        {
            string name = id % 4 == 0 ? "missing.lab.test." : "www.lab.test.";
            await DnsExchange.UdpAsync(fixture.Server.Endpoint, WireQuery.Build(id++, name), TimeSpan.FromMilliseconds(500));
            try
            {
                await Task.Delay(40, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var path = Path.Combine(artifacts, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1")
        {
            var docs = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "docs", "images")).FullName;
            File.Copy(path, Path.Combine(docs, $"{name}.png"), overwrite: true);
        }

        Assert.True(new FileInfo(path).Length > 1000, string.Create(CultureInfo.InvariantCulture, $"{path} is nearly empty"));
    }
}
