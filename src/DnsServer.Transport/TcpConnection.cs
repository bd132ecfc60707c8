using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DnsServer.Pipeline;
using Microsoft.Extensions.Logging;

namespace DnsServer.Transport;

/// <summary>
/// One TCP client (RFC 7766). Every query already in the read buffer is answered before the next
/// read, and those answers leave in one send; a query that has to wait is answered when it is
/// done, in any order (§6.2.1.1). The idle timer restarts only when a whole query has arrived, so
/// a client that trickles bytes is closed as an idle one would be.
/// </summary>
internal sealed class TcpConnection : IDisposable, IResponseStream
{
    private const int LengthPrefix = 2;

    private readonly Socket _socket;
    private readonly QueryExecutor _executor;
    private readonly DnsListenerOptions _options;
    private readonly ILogger _logger;
    private readonly ClientAddress _client;
    private readonly EndPoint? _remote;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _inFlight;
    /// <summary>Most queries fit this; the buffer grows to a whole 64 KB message only when one needs it.</summary>
    private const int InitialReadSize = 4096;

    private readonly QueryContextPool _contexts;
    private byte[] _readBuffer = ArrayPool<byte>.Shared.Rent(InitialReadSize);
    private byte[] _batch = ArrayPool<byte>.Shared.Rent(4096);
    private int _batchLength;

    /// <summary>When the last read completed: the receive time of every query it brought.</summary>
    private long _readTimestamp;
    private volatile bool _closed;

    public TcpConnection(Socket socket, QueryExecutor executor, DnsListenerOptions options, QueryContextPool contexts, ILogger logger)
    {
        _contexts = contexts;
        _socket = socket;
        _executor = executor;
        _options = options;
        _logger = logger;
        _remote = socket.RemoteEndPoint;
        _client = _remote is IPEndPoint ip ? ClientAddress.FromIPAddress(ip.Address) : default;
        _inFlight = new SemaphoreSlim(options.MaxTcpQueriesInFlight, options.MaxTcpQueriesInFlight);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        idle.CancelAfter(_options.TcpIdleTimeout);
        int filled = 0;
        string reason = "closed by client";
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(_readBuffer.AsMemory(filled), SocketFlags.None, idle.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                _readTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
                int consumed = await ProcessBufferAsync(filled, idle).ConfigureAwait(false);
                if (consumed < 0)
                {
                    reason = "zero-length message";
                    break;
                }

                Buffer.BlockCopy(_readBuffer, consumed, _readBuffer, 0, filled - consumed);
                filled -= consumed;
                if (filled == _readBuffer.Length)
                {
                    Grow(filled);
                }

                await FlushAsync(idle.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            reason = stopping.IsCancellationRequested ? "server stopping" : "idle timeout";
        }
        catch (SocketException exception)
        {
            reason = exception.SocketErrorCode.ToString();
        }
        catch (ObjectDisposedException)
        {
            reason = "disposed";
        }

        Log.ConnectionClosed(_logger, _remote, reason);
    }

    /// <summary>Answers every whole message in the buffer; returns the bytes used, or -1 to close.</summary>
    private async ValueTask<int> ProcessBufferAsync(int filled, CancellationTokenSource idle)
    {
        int offset = 0;
        while (filled - offset >= LengthPrefix)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(_readBuffer.AsSpan(offset));
            if (length == 0)
            {
                return -1;
            }

            if (filled - offset - LengthPrefix < length)
            {
                break;
            }

            await _inFlight.WaitAsync(idle.Token).ConfigureAwait(false);
            var context = _contexts.Rent();
            _readBuffer.AsSpan(offset + LengthPrefix, length).CopyTo(context.RequestBuffer.Span);
            context.Reset(length, TransportKind.Tcp, _client);
            context.Stream = this;
            context.ReceivedTimestamp = _readTimestamp;
            offset += LengthPrefix + length;
            idle.CancelAfter(_options.TcpIdleTimeout);

            var pending = _executor.ExecuteAsync(context);
            if (pending.IsCompleted)
            {
                AppendToBatch(context);
                _contexts.Return(context);
                _inFlight.Release();
            }
            else
            {
                _ = AnswerLaterAsync(pending, context);
            }
        }

        return offset;
    }

    /// <summary>A message longer than the buffer is arriving: make room for the largest one (RFC 1035 §4.2.2).</summary>
    private void Grow(int filled)
    {
        var larger = ArrayPool<byte>.Shared.Rent(QueryContext.MaxMessageSize + LengthPrefix);
        _readBuffer.AsSpan(0, filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_readBuffer);
        _readBuffer = larger;
    }

    private void AppendToBatch(QueryContext context)
    {
        int length = context.ResponseLength;
        if (length == 0)
        {
            return;
        }

        if (_batchLength + LengthPrefix + length > _batch.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_batch.Length * 2, _batchLength + LengthPrefix + length));
            _batch.AsSpan(0, _batchLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_batch);
            _batch = larger;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_batch.AsSpan(_batchLength), (ushort)length);
        context.ResponseBytes.CopyTo(_batch.AsSpan(_batchLength + LengthPrefix));
        _batchLength += LengthPrefix + length;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batchLength == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendAllAsync(_batch.AsMemory(0, _batchLength), cancellationToken).ConfigureAwait(false);
            _batchLength = 0;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task AnswerLaterAsync(ValueTask pending, QueryContext context)
    {
        try
        {
            await pending.ConfigureAwait(false);
            byte[]? message = null;
            if (!_closed && context.ResponseLength > 0)
            {
                message = new byte[LengthPrefix + context.ResponseLength];
                BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)context.ResponseLength);
                context.ResponseBytes.CopyTo(message.AsSpan(LengthPrefix));
            }

            // The answer is copied out: the context can serve another query now.
            _contexts.Return(context);
            if (message is null)
            {
                return;
            }

            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                await SendAllAsync(message, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            Log.ConnectionFailed(_logger, exception, _remote);
        }
        finally
        {
            if (!_closed)
            {
                _inFlight.Release();
            }
        }
    }

    /// <summary>
    /// Sends one message of a multi-message answer under the write lock, so that other answers on
    /// the connection go out between messages, never inside one (RFC 5936 §2.2, RFC 7766 §6.2.1.1).
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var framed = ArrayPool<byte>.Shared.Rent(LengthPrefix + message.Length);
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
            message.Span.CopyTo(framed.AsSpan(LengthPrefix));
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SendAllAsync(framed.AsMemory(0, LengthPrefix + message.Length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(framed);
        }
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    public void Dispose()
    {
        _closed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
        ArrayPool<byte>.Shared.Return(_readBuffer);
        ArrayPool<byte>.Shared.Return(_batch);
        _writeLock.Dispose();
        _inFlight.Dispose();
    }
}
