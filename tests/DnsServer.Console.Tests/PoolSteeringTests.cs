using Microsoft.Playwright;

namespace DnsServer.Console.Tests;

/// <summary>The pools view steering members: weights through the API, faults forced and cleared.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PoolSteeringTests(ConsoleServer fixture)
{
    [Fact]
    public async Task MemberWeight_SetToZeroInWeightedPool_ShownAndAnswersLeaveTheMember()
    {
        string leaving = ConsoleServer.WeightedFirst.ToString();
        string staying = ConsoleServer.WeightedSecond.ToString();
        await using var console = await fixture.OpenWithKeyAsync("pools");
        var page = console.Page;
        await RecordAnnouncementsAsync(page);
        var controls = page.Locator($"fieldset[data-steer='{leaving}']");
        await Assertions.Expect(controls.GetByLabel("Weight", new() { Exact = true })).ToHaveValueAsync("1");

        await controls.GetByLabel("Weight", new() { Exact = true }).FillAsync("0");
        await controls.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await ExpectAnnouncedAsync(page, $"pool weighted: weight of {leaving} set to 0");
        var row = page.Locator($"tr[data-member='{leaving}']");
        await Assertions.Expect(row.Locator("[data-column=weight]")).ToHaveTextAsync("0");
        await Assertions.Expect(row).ToContainTextAsync("/ 0%");
        await Assertions.Expect(page.Locator($"tr[data-member='{staying}']")).ToHaveAttributeAsync("data-health", "up");
        var answers = Enumerable.Range(0, 8).SelectMany(_ => fixture.Dig("weighted.lab.test.")).ToList();
        Assert.Equal(8, answers.Count);
        Assert.All(answers, answer => Assert.Equal(staying, answer));
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task ForceDown_ThenClearFault_MemberShownDownAtOnceThenUpAgain()
    {
        string member = ConsoleServer.FirstMember.ToString();
        await using var console = await fixture.OpenWithKeyAsync("pools");
        var page = console.Page;
        await RecordAnnouncementsAsync(page);
        var row = page.Locator($"tr[data-member='{member}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "up");
        var controls = page.Locator($"fieldset[data-steer='{member}']");
        await Assertions.Expect(controls.GetByLabel("For (s)")).ToHaveValueAsync("30");

        await controls.GetByRole(AriaRole.Button, new() { Name = "Force down" }).ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "down", new() { Timeout = 2_000 });
        await Assertions.Expect(row.Locator("[data-column=fault]")).ToContainTextAsync("forced down until");
        await ExpectAnnouncedAsync(page, $"pool web: {member} forced down until");

        await controls.GetByRole(AriaRole.Button, new() { Name = "Clear fault" }).ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "up", new() { Timeout = 3_000 });
        await Assertions.Expect(row.Locator("[data-column=fault]")).ToHaveTextAsync("—");
        await ExpectAnnouncedAsync(page, $"pool web: fault on {member} cleared");
        Assert.Empty(console.Errors);
    }

    [Fact]
    public async Task MemberWeight_Negative_ShowsTheApiMessageAtTheWeightField()
    {
        string member = ConsoleServer.FirstMember.ToString();
        await using var console = await fixture.OpenWithKeyAsync("pools");
        var page = console.Page;
        await RecordAnnouncementsAsync(page);
        var controls = page.Locator($"fieldset[data-steer='{member}']");
        var weight = controls.GetByLabel("Weight", new() { Exact = true });
        await Assertions.Expect(weight).ToHaveValueAsync("1");

        await weight.FillAsync("-1");
        await controls.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Assertions.Expect(weight).ToHaveAttributeAsync("aria-invalid", "true");
        var error = controls.Locator("[data-field=weight] .field-error");
        await Assertions.Expect(error).ToContainTextAsync("must be ≥ 0");
        Assert.Contains((await error.GetAttributeAsync("id"))!, (await weight.GetAttributeAsync("aria-describedby"))!.Split(' '));
        await Assertions.Expect(weight).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator($"tr[data-member='{member}'] [data-column=weight]")).ToHaveTextAsync("1");
        Assert.All(console.Errors, e => Assert.Contains("422", e, StringComparison.Ordinal));
    }

    /// <summary>Keeps every text the live region says: a health change may follow a result within a second.</summary>
    private static async Task RecordAnnouncementsAsync(IPage page) => await page.EvaluateAsync("""
        () => {
          window.announced = [];
          const region = document.getElementById('announcer');
          new MutationObserver(() => { if (region.textContent) window.announced.push(region.textContent); })
            .observe(region, { childList: true, characterData: true, subtree: true });
        }
        """);

    private static async Task ExpectAnnouncedAsync(IPage page, string start)
    {
        try
        {
            await page.WaitForFunctionAsync("start => window.announced.some(a => a.split('. ').some(m => m.startsWith(start)))", start, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"not announced: '{start}…'; announced: {await page.EvaluateAsync<string>("() => window.announced.join(' | ')")}");
        }
    }
}
