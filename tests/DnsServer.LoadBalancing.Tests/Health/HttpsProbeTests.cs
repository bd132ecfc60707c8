using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DnsServer.LoadBalancing.Configuration;
using DnsServer.LoadBalancing.Health;
using DnsServer.LoadBalancing.Model;

namespace DnsServer.LoadBalancing.Tests.Health;

/// <summary>
/// Https checks against a TLS backend on 127.0.0.1 with a self-signed certificate made for the
/// test: accepted unless <c>VerifyCertificate</c> is set.
/// </summary>
public sealed class HttpsProbeTests
{
    [Fact]
    public async Task Https_SelfSignedBackend_UpWithoutVerificationDownWithIt()
    {
        using var backend = new TlsBackend();
        using var probe = new HealthProbe(TimeProvider.System);
        var member = new MemberModel
        {
            Id = 0, Pool = "web", Address = IPAddress.Loopback, Weight = 1, Priority = 1, CheckEndpoint = backend.Endpoint,
        };
        var lenient = TestModels.Check(HealthCheckKind.Https, 1000, 2000) with { Port = backend.Endpoint.Port, Path = "/health" };
        var strict = lenient with { VerifyCertificate = true };

        var accepted = await probe.CheckAsync(member, lenient, CancellationToken.None);
        var refused = await probe.CheckAsync(member, strict, CancellationToken.None);

        Assert.True(accepted.Success, accepted.Error);
        Assert.False(refused.Success);
        Assert.NotNull(refused.Error);
        Assert.Contains("GET /health ", backend.FirstRequestLine, StringComparison.Ordinal);
    }

    /// <summary>Answers each connection with TLS, then "200 OK" to one request.</summary>
    private sealed class TlsBackend : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate = CreateCertificate();
        private readonly CancellationTokenSource _stop = new();

        public TlsBackend()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

        public string FirstRequestLine { get; private set; } = "";

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _certificate.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    await using var tls = new SslStream(client.GetStream());
                    await tls.AuthenticateAsServerAsync(_certificate);
                    var buffer = new byte[4096];
                    int read = await tls.ReadAsync(buffer);
                    string request = Encoding.ASCII.GetString(buffer, 0, read);
                    if (FirstRequestLine.Length == 0)
                    {
                        FirstRequestLine = request.Split("\r\n")[0];
                    }

                    await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
                }
                catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException or SocketException)
                {
                    // The strict check hangs up during the handshake: that is the point.
                }
            }
        }

        private static X509Certificate2 CreateCertificate()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=backend.lab.test", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
