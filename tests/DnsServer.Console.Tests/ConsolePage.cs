using Microsoft.Playwright;

namespace DnsServer.Console.Tests;

/// <summary>A browser page whose console errors, page errors and failed requests are kept for the test to check.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    public ConsolePage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"page error: {error}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private void Add(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
