using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Model;
using DnsServer.Protocol;

namespace DnsServer.LoadBalancing.Health;

/// <summary>
/// The real checks: a TCP connect; an HTTP(S) GET whose status and body are checked; a DNS query
/// over UDP that must be answered NOERROR. No connection outlives its check, so a backend that
/// dies is seen by the next one.
/// </summary>
internal sealed class HealthProbe(TimeProvider time) : IHealthProbe, IDisposable
{
    private const int MaxBodyBytes = 64 * 1024;

    private readonly Lazy<HttpClient> _verifying = new(() => CreateClient(verifyCertificate: true));
    private readonly Lazy<HttpClient> _trusting = new(() => CreateClient(verifyCertificate: false));

    public async ValueTask<ProbeResult> CheckAsync(MemberModel member, HealthCheckSettings settings, CancellationToken cancellationToken)
    {
        var endpoint = member.CheckEndpoint ?? new IPEndPoint(member.Address, settings.Port);
        long start = time.GetTimestamp();
        try
        {
            string? error = settings.Kind switch
            {
                HealthCheckKind.Tcp => await ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false),
                HealthCheckKind.Http or HealthCheckKind.Https => await GetAsync(endpoint, settings, cancellationToken).ConfigureAwait(false),
                HealthCheckKind.Dns => await QueryAsync(endpoint, settings, cancellationToken).ConfigureAwait(false),
                _ => $"unknown check kind {settings.Kind}",
            };
            var latency = time.GetElapsedTime(start);
            return error is null ? ProbeResult.Passed(latency) : ProbeResult.Failed(latency, error);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ProbeResult.Failed(time.GetElapsedTime(start), Describe(exception));
        }
    }

    public void Dispose()
    {
        if (_verifying.IsValueCreated)
        {
            _verifying.Value.Dispose();
        }

        if (_trusting.IsValueCreated)
        {
            _trusting.Value.Dispose();
        }
    }

    /// <summary>A short lower-case reason: "connection refused", "status 503", "TLS: …".</summary>
    internal static string Describe(Exception exception) => exception switch
    {
        SocketException socket => Words(socket.SocketErrorCode.ToString()),
        AuthenticationException tls => "TLS: " + tls.Message,
        HttpRequestException { InnerException: { } inner } => Describe(inner),
        IOException { InnerException: { } inner } => Describe(inner),
        _ => exception.Message,
    };

    internal static byte[] BuildQuery(ushort id, DnsName name, RecordType type)
    {
        var buffer = new byte[DnsHeader.Size + name.Wire.Length + 4];
        var writer = new DnsMessageWriter(buffer);
        writer.WriteHeader(new DnsHeader(id, 0, 1, 0, 0, 0));
        writer.WriteNameUncompressed(name.Wire);
        writer.WriteUInt16((ushort)type);
        writer.WriteUInt16((ushort)RecordClass.IN);
        return buffer;
    }

    /// <summary>The response code when <paramref name="reply"/> answers our query (QR, ID, question); null otherwise.</summary>
    internal static ResponseCode? Answers(ReadOnlySpan<byte> reply, ushort id, DnsName name, RecordType type)
    {
        if (reply.Length < DnsHeader.Size)
        {
            return null;
        }

        var header = DnsHeader.Read(reply);
        if (!header.IsResponse || header.Id != id || header.QuestionCount != 1)
        {
            return null;
        }

        try
        {
            var reader = new DnsMessageReader(reply);
            reader.ReadHeader();
            Span<byte> received = stackalloc byte[DnsName.MaxLength];
            var question = reader.ReadQuestion(received);
            bool same = question.Type == type && question.Class == RecordClass.IN && received[..question.NameLength].EqualsIgnoreCase(name.Wire);
            return same ? (ResponseCode)header.RCode : null;
        }
        catch (DnsFormatException)
        {
            return null;
        }
    }

    private static async Task<string?> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        socket.LingerState = new LingerOption(true, 0);
        return null;
    }

    private async Task<string?> GetAsync(IPEndPoint endpoint, HealthCheckSettings settings, CancellationToken cancellationToken)
    {
        string scheme = settings.Kind == HealthCheckKind.Https ? "https" : "http";
        string path = settings.Path.StartsWith('/') ? settings.Path : "/" + settings.Path;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{scheme}://{endpoint}{path}"));
        request.Headers.ConnectionClose = true;
        if (settings.Host is { } host)
        {
            request.Headers.Host = host;
        }

        var client = settings.Kind == HealthCheckKind.Https && settings.VerifyCertificate ? _verifying.Value : _trusting.Value;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        if (status < settings.ExpectStatusMin || status > settings.ExpectStatusMax)
        {
            return $"status {status}";
        }

        if (settings.BodyContains is not { } expected)
        {
            return null;
        }

        var body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        return body.Contains(expected, StringComparison.Ordinal) ? null : $"body lacks \"{expected}\"";
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
            try
            {
                int read = 0;
                int count;
                while (read < MaxBodyBytes && (count = await stream.ReadAsync(buffer.AsMemory(read, MaxBodyBytes - read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += count;
                }

                return Encoding.UTF8.GetString(buffer, 0, read);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static async Task<string?> QueryAsync(IPEndPoint endpoint, HealthCheckSettings settings, CancellationToken cancellationToken)
    {
        ushort id = (ushort)SecureRandom.GetInt32(0, 0x10000);
        var query = BuildQuery(id, settings.QueryName, settings.QueryType);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                int received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (Answers(buffer.AsSpan(0, received), id, settings.QueryName, settings.QueryType) is { } rcode)
                {
                    return rcode == ResponseCode.NoError ? null : "rcode " + rcode.ToString().ToUpperInvariant();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static HttpClient CreateClient(bool verifyCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        };
        if (!verifyCertificate)
        {
#pragma warning disable CA5359 // Lab backends mostly use self-signed certificates; verification is opt-in (VerifyCertificate).
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = TrustAny };
#pragma warning restore CA5359
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Accepts any certificate: the check only asks whether the backend answers.</summary>
    private static bool TrustAny(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) => true;

    private static string Words(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        foreach (char c in pascal)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
