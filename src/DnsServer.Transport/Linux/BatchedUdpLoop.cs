using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using DnsServer.Pipeline;

namespace DnsServer.Transport.Linux;

/// <summary>
/// The receive loop of one UDP thread on Linux: up to <see cref="BatchSize"/> datagrams per
/// recvmmsg(2), each received straight into its own context, answered in order, and the answers
/// sent with one sendmmsg(2). Contexts and all the kernel-facing structures are allocated once,
/// pinned, and reused: a query costs no allocation and two system calls per batch.
/// </summary>
internal sealed unsafe class BatchedUdpLoop : IDisposable
{
    /// <summary>Datagrams taken per system call; past ~32 the gain is gone and latency grows.</summary>
    public const int BatchSize = 32;

    /// <summary>sizeof(struct sockaddr_in), the smallest address a UDP datagram comes from.</summary>
    private const int MinSocketAddressSize = 16;

    private readonly Socket _socket;
    private readonly QueryExecutor _executor;
    private readonly Action<Socket, ValueTask, QueryContext, SocketAddress> _replyLater;
    private readonly QueryContext[] _contexts = new QueryContext[BatchSize];
    private readonly MessageInterop.MultiMessageHeader* _receive;
    private readonly MessageInterop.MultiMessageHeader* _send;
    private readonly MessageInterop.IoVector* _receiveVectors;
    private readonly MessageInterop.IoVector* _sendVectors;
    private readonly byte* _addresses;

    public BatchedUdpLoop(Socket socket, QueryExecutor executor, Action<Socket, ValueTask, QueryContext, SocketAddress> replyLater)
    {
        _socket = socket;
        _executor = executor;
        _replyLater = replyLater;
        _receive = Allocate<MessageInterop.MultiMessageHeader>();
        _send = Allocate<MessageInterop.MultiMessageHeader>();
        _receiveVectors = Allocate<MessageInterop.IoVector>();
        _sendVectors = Allocate<MessageInterop.IoVector>();
        _addresses = (byte*)NativeMemory.AllocZeroed(BatchSize * MessageInterop.SocketAddressSize);
        for (int i = 0; i < BatchSize; i++)
        {
            SetContext(i, new QueryContext());
            _receive[i].Header.Vectors = &_receiveVectors[i];
            _receive[i].Header.VectorCount = 1;
            _receive[i].Header.Name = _addresses + (i * MessageInterop.SocketAddressSize);
            _send[i].Header.Vectors = &_sendVectors[i];
            _send[i].Header.VectorCount = 1;
        }
    }

    private static T* Allocate<T>()
        where T : unmanaged => (T*)NativeMemory.AllocZeroed((nuint)(BatchSize * sizeof(T)));

    private void SetContext(int index, QueryContext context)
    {
        _contexts[index] = context;

        // The context's buffers live on the pinned object heap, so this address stays valid.
        fixed (byte* request = context.RequestBuffer.Span)
        {
            _receiveVectors[index].Base = request;
            _receiveVectors[index].Length = (nuint)context.RequestBuffer.Length;
        }
    }

    /// <summary>Receives and answers until the socket is closed or <paramref name="stopping"/> says so.</summary>
    public void Run(Func<bool> stopping)
    {
        nint handle = _socket.SafeHandle.DangerousGetHandle();
        while (!stopping())
        {
            for (int i = 0; i < BatchSize; i++)
            {
                _receive[i].Header.NameLength = MessageInterop.SocketAddressSize;
                _receive[i].Header.Flags = 0;
            }

            int received = MessageInterop.ReceiveMessages(handle, _receive, BatchSize, MessageInterop.MsgWaitForOne, null);
            if (received <= 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (received < 0 && error is MessageInterop.EIntr or MessageInterop.EAgain)
                {
                    continue;
                }

                return;
            }

            if (stopping())
            {
                return;
            }

            int replies = Answer(received);
            Send(handle, replies);
        }
    }

    private int Answer(int received)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < received; i++)
        {
            // A short address is no datagram from a peer (a shut-down socket reports an empty one):
            // its context gets no request, and is skipped below.
            var address = ReceivedFrom(i);
            if (address.Length < MinSocketAddressSize)
            {
                _contexts[i].Reset(0, TransportKind.Udp, default);
                continue;
            }

            _contexts[i].Reset((int)_receive[i].Length, TransportKind.Udp, ClientAddress.FromSockaddr(address, Family(address)));
            _contexts[i].ReceivedTimestamp = now;
        }

        var prefetcher = _executor.Prefetcher;
        int replies = 0;
        for (int i = 0; i < received; i++)
        {
            var context = _contexts[i];
            var address = ReceivedFrom(i);
            prefetcher?.Prefetch(_contexts.AsSpan(0, received), i);
            if (address.Length < MinSocketAddressSize)
            {
                continue;
            }

            var pending = _executor.ExecuteAsync(context);
            if (!pending.IsCompleted)
            {
                _replyLater(_socket, pending, context, CopyAddress(address, Family(address)));
                SetContext(i, new QueryContext());
                continue;
            }

            if (context.ResponseLength == 0)
            {
                continue;
            }

            fixed (byte* response = context.ResponseBytes)
            {
                _sendVectors[replies].Base = response;
                _sendVectors[replies].Length = (nuint)context.ResponseLength;
            }

            _send[replies].Header.Name = _receive[i].Header.Name;
            _send[replies].Header.NameLength = _receive[i].Header.NameLength;
            replies++;
        }

        return replies;
    }

    private ReadOnlySpan<byte> ReceivedFrom(int index) =>
        new(_receive[index].Header.Name, (int)_receive[index].Header.NameLength);

    private static AddressFamily Family(ReadOnlySpan<byte> address) =>
        address.Length >= 2 && address[0] == 10 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    private void Send(nint handle, int replies)
    {
        int offset = 0;
        while (offset < replies)
        {
            int sent = MessageInterop.SendMessages(handle, _send + offset, (uint)(replies - offset), 0);
            if (sent <= 0)
            {
                // A full send buffer or a vanished peer: UDP clients retry, as with any loss.
                if (sent < 0 && Marshal.GetLastPInvokeError() == MessageInterop.EIntr)
                {
                    continue;
                }

                offset++;
                continue;
            }

            offset += sent;
        }
    }

    private static SocketAddress CopyAddress(ReadOnlySpan<byte> raw, AddressFamily family)
    {
        var copy = new SocketAddress(family, raw.Length);
        raw.CopyTo(copy.Buffer.Span);
        return copy;
    }

    public void Dispose()
    {
        NativeMemory.Free(_receive);
        NativeMemory.Free(_send);
        NativeMemory.Free(_receiveVectors);
        NativeMemory.Free(_sendVectors);
        NativeMemory.Free(_addresses);
    }
}
