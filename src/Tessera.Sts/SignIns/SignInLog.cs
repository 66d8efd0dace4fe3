using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Domain.SignIns;
using Tessera.Storage;

namespace Tessera.Sts.SignIns;

/// <summary>
/// Records every exchange without slowing it: <see cref="Record"/> only enqueues; a background writer stores
/// batches in one transaction each, trims old records now and then, and drains the queue on shutdown. If the
/// store is down or the queue is full, records are dropped and counted, and exchanges carry on.
/// </summary>
public sealed partial class SignInLog(
    IDirectoryStore store, SignInLogOptions options, TimeProvider time, ILogger<SignInLog> logger) : BackgroundService
{
    private readonly Channel<SignInRecord> _queue = Channel.CreateBounded<SignInRecord>(
        new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // Held while draining and writing, so a flush also waits for a batch the background writer is storing.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _dropped;

    /// <summary>Records lost because the queue was full or the store refused them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a record; never blocks and never throws.</summary>
    public void Record(SignInRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes everything queued so far; for tests and shutdown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var batch = new List<SignInRecord>();
            while (_queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
                if (batch.Count == options.BatchSize)
                {
                    await WriteAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            await WriteAsync(batch, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _queue.Writer.TryComplete();
        await FlushAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextTrim = time.GetUtcNow();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Not cancelled by shutdown: a batch is taken off the queue before it is written, so a write
                // cancelled halfway would lose it. Writes are short; StopAsync then drains the rest.
                await FlushAsync(CancellationToken.None);
                if (time.GetUtcNow() >= nextTrim)
                {
                    await TrimAsync(stoppingToken);
                    nextTrim = time.GetUtcNow() + options.TrimInterval;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; StopAsync drains what is left.
        }
    }

    private async Task WriteAsync(List<SignInRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await store.AddSignInsAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            LogWriteFailed(logger, batch.Count, ex.Message);
        }
    }

    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await store.TrimSignInsAsync(time.GetUtcNow() - options.Retention, options.MaxRecords, cancellationToken);
            if (deleted > 0)
            {
                LogTrimmed(logger, deleted);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTrimFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning,
        Message = "Could not write {Count} sign-in record(s); they are lost: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Trimmed {Count} old sign-in record(s)")]
    private static partial void LogTrimmed(ILogger logger, int count);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Could not trim the sign-in log: {Reason}")]
    private static partial void LogTrimFailed(ILogger logger, string reason);
}
