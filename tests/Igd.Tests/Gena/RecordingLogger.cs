using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Tests.Gena;

/// <summary>An <see cref="ILogger"/> that keeps every entry and lets a test await a number of entries with one event id.</summary>
internal sealed class RecordingLogger : ILogger
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<(int EventId, string Message)> _entries = [];
    private readonly List<(int EventId, int Count, TaskCompletionSource Done)> _waiters = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _entries.Add((eventId.Id, formatter(state, exception)));
            foreach (var waiter in _waiters.Where(w => CountLocked(w.EventId) >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    /// <summary>The messages logged with <paramref name="eventId"/>.</summary>
    public IReadOnlyList<string> Messages(int eventId)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => e.EventId == eventId).Select(e => e.Message)];
        }
    }

    /// <summary>Completes once <paramref name="count"/> entries with <paramref name="eventId"/> were logged in all.</summary>
    public Task WaitForAsync(int eventId, int count = 1)
    {
        lock (_gate)
        {
            if (CountLocked(eventId) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, count, done));
            return done.Task.WaitAsync(Patience);
        }
    }

    private int CountLocked(int eventId) => _entries.Count(e => e.EventId == eventId);
}
