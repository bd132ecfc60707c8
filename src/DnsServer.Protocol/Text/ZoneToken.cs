namespace DnsServer.Protocol.Text;

/// <summary>
/// One token of presentation-format text (a zone-file field). <see cref="Text"/> keeps backslash
/// escapes exactly as written (so <c>a\.b</c> stays distinguishable from <c>a.b</c>); quotes are
/// removed and <see cref="Quoted"/> says they were there.
/// </summary>
public readonly record struct ZoneToken(string Text, bool Quoted = false)
{
    public override string ToString() => Quoted ? $"\"{Text}\"" : Text;
}
