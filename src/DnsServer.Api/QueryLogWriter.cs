using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using DnsServer.Pipeline;
using DnsServer.Pipeline.Diagnostics;
using DnsServer.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DnsServer.Api;

/// <summary>
/// The query log: the diagnostics stage offers each query to a bounded channel without waiting;
/// a full channel drops the entry and counts it. One task reads the channel and writes one JSON
/// line per query to a file or to standard output, in batches: it writes what has gathered, then
/// waits <see cref="BatchInterval"/> before the next batch, so a busy server makes one write system
/// call per batch rather than one per query.
/// </summary>
public sealed class QueryLogWriter : IQueryLogSink, IMetricsSource, IHostedService, IDisposable
{
    /// <summary>Short enough that the channel (10,000 entries by default) holds a batch at 200k queries a second.</summary>
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(20);

    private readonly Channel<QueryLogEntry> _channel;
    private readonly StripedCounters _dropped = new(1);
    private readonly string? _path;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Stream? _stream;
    private Task? _writer;

    public QueryLogWriter(string? path, int capacity, TimeProvider time, ILogger<QueryLogWriter> logger)
    {
        _path = path;
        _capacity = capacity;
        _time = time;
        _logger = logger;
        _channel = Channel.CreateBounded<QueryLogEntry>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Entries dropped because the channel was full.</summary>
    public long Dropped => _dropped.Sum(0);

    public void Write(QueryContext context, ResponseCode rcode, AnswerSource answeredBy, long latencyMicros)
    {
        var entry = QueryLogEntry.Capture(context, rcode, answeredBy, latencyMicros, _time.GetUtcNow().UtcTicks);
        if (!_channel.Writer.TryWrite(entry))
        {
            _dropped.Increment(0);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stream = _path is null
            ? Console.OpenStandardOutput()
            : new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = Task.Run(() => WriteLoopAsync(_stream), CancellationToken.None);
        Log.QueryLogStarted(_logger, _path ?? "standard output", _capacity);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Dispose();
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _stream?.Dispose();
        _stream = null;
    }

    public void WriteTo(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Family("dns_query_log_dropped_total", "counter", "Query log entries dropped because the log's queue was full.")
            .Sample("dns_query_log_dropped_total", Dropped);
    }

    private async Task WriteLoopAsync(Stream stream)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var json = new Utf8JsonWriter(buffer);
        var formatter = new QueryLogFormatter();
        try
        {
            while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_channel.Reader.TryRead(out var entry))
                {
                    formatter.Format(entry, json);
                    json.Flush();
                    json.Reset();
                    buffer.Write("\n"u8);
                    if (buffer.WrittenCount > 32 * 1024)
                    {
                        await stream.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                        buffer.ResetWrittenCount();
                    }
                }

                await stream.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
                buffer.ResetWrittenCount();
                await stream.FlushAsync().ConfigureAwait(false);
                await Task.Delay(BatchInterval, _time).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            Log.QueryLogFailed(_logger, exception);
        }
    }
}
