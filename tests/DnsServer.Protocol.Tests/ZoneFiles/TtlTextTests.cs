using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

public sealed class TtlTextTests
{
    [Theory]
    [InlineData("0", 0u)]
    [InlineData("3600", 3600u)]
    [InlineData("1h30m", 5400u)]
    [InlineData("1H30M", 5400u)]
    [InlineData("1w2d", 777600u)]
    [InlineData("1W2D3h4m5s", 788645u)]
    [InlineData("2h30", 7230u)]
    [InlineData("2147483647", 2147483647u)]
    [InlineData("3550w5d3h14m7s", 2147483647u)]
    public void TryParse_ValidForm_ReturnsSeconds(string text, uint expected)
    {
        Assert.True(TtlText.TryParse(text, out uint ttl, out string? error), error);
        Assert.Equal(expected, ttl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("1x")]
    [InlineData("1hh")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    [InlineData("3551w")]
    [InlineData("-1")]
    public void TryParse_InvalidOrOutOfRange_ReturnsError(string text)
    {
        Assert.False(TtlText.TryParse(text, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
