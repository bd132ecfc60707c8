using System.Runtime.InteropServices;

namespace DnsServer.Transport.Linux;

/// <summary>
/// recvmmsg(2) and sendmmsg(2): one system call for many datagrams. Layouts are those of
/// x86_64 and aarch64 Linux (LP64), where these structures have the same shape.
/// </summary>
internal static unsafe partial class MessageInterop
{
    /// <summary>recvmmsg: return once at least one message has arrived (linux/socket.h).</summary>
    public const int MsgWaitForOne = 0x10000;

    /// <summary>errno values (asm-generic/errno-base.h, errno.h).</summary>
    public const int EIntr = 4;
    public const int EAgain = 11;

    /// <summary>Room for any socket address: sizeof(struct sockaddr_storage).</summary>
    public const int SocketAddressSize = 128;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMessages(nint socket, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMessages(nint socket, MultiMessageHeader* messages, uint count, int flags);
}
