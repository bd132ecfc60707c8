using DnsServer.Protocol.ZoneFiles;

namespace DnsServer.Protocol.Tests.ZoneFiles;

public sealed class GenerateDirectiveTests
{
    [Theory]
    [InlineData("host$", 7, "host7")]
    [InlineData("host-$-$", 7, "host-7-7")]
    [InlineData("${0,3,d}", 7, "007")]
    [InlineData("${10}", 7, "17")]
    [InlineData("${-2}", 7, "5")]
    [InlineData("${0,4,x}", 255, "00ff")]
    [InlineData("${0,0,X}", 255, "FF")]
    [InlineData("${0,3,o}", 8, "010")]
    [InlineData("${0,0,n}", 0x1a, "a.1")]
    [InlineData("${0,0,N}", 0x1a, "A.1")]
    [InlineData("${0,7,n}", 0x1a, "a.1.0.0")]
    [InlineData("${0,8,n}", 0x1a, "a.1.0.0.")]
    [InlineData(@"a\$b", 3, "a$b")]
    [InlineData(@"a\.b$", 3, @"a\.b3")]
    [InlineData("plain", 3, "plain")]
    public void Substitute_Template_ReplacesAsBind(string template, long value, string expected) =>
        Assert.Equal(expected, GenerateDirective.Substitute(template, value));

    [Theory]
    [InlineData("${0,3")]
    [InlineData("${x}")]
    [InlineData("${0,3,q}")]
    [InlineData("${0,300,d}")]
    [InlineData("${-9,0,x}")]
    public void Substitute_BadModifier_ThrowsFormatException(string template) =>
        Assert.Throws<DnsFormatException>(() => GenerateDirective.Substitute(template, 3));
}
