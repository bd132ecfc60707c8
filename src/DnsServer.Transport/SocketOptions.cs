using System.Net.Sockets;

namespace DnsServer.Transport;

/// <summary>Socket options the BCL does not name.</summary>
internal static class SocketOptions
{
    /// <summary>Linux <c>SOL_SOCKET</c> and <c>SO_REUSEPORT</c> (asm-generic/socket.h).</summary>
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    /// <summary>Lets several sockets bind one UDP port so the kernel spreads datagrams over them.</summary>
    public static void EnableReusePort(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        }
    }
}
