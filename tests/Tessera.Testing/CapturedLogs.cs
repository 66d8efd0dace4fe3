using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tessera.Testing;

/// <summary>
/// Every log line a server writes, at every level and category, with the values of the scopes it was written in,
/// as the console would show them: for tests of what logs contain and must never contain.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLine> Lines => [.. _lines];

    /// <summary>Everything captured as one text: messages, exception texts and scope values.</summary>
    public string AllText => string.Join("\n", _lines.Select(l => l.ToString()));

    /// <summary>Captures everything from <paramref name="builder"/>'s factory, at every level and category; the
    /// console keeps showing warnings only.</summary>
    public void AddTo(ILoggingBuilder builder)
    {
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.AddProvider(this);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var scopes = new Dictionary<string, string>();
            owner._scopes.ForEachScope((scope, values) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        values[key] = value?.ToString() ?? "";
                    }
                }
            }, scopes);
            var fields = state is IEnumerable<KeyValuePair<string, object?>> structured
                ? structured.Select(p => $"{p.Key}={p.Value}")
                : [];
            owner._lines.Enqueue(new CapturedLine(category, logLevel, eventId.Id, formatter(state, exception),
                exception?.ToString(), scopes, string.Join(" ", fields)));
        }
    }
}

/// <summary>One captured log line.</summary>
public sealed record CapturedLine(string Category, LogLevel Level, int EventId, string Message, string? Exception,
    IReadOnlyDictionary<string, string> Scopes, string Fields)
{
    public override string ToString() =>
        $"{Level} {Category}[{EventId}] {Message} {Fields} {Exception} " +
        string.Join(" ", Scopes.Select(s => $"{s.Key}={s.Value}"));
}
