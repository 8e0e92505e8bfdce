using System.Threading.Channels;
using IgdLab.Device.Probe;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Tests.Probe;

/// <summary>A probe unit's log as a queue of its warnings and errors, so that a test can await what the unit said.</summary>
internal sealed class ProbeUnitLog : ILogger<ProbeUnit>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _lines.Writer.TryWrite(formatter(state, exception));
        }
    }

    /// <summary>The next warning or error; fails after 10 s.</summary>
    public async Task<string> NextAsync() => await _lines.Reader.ReadAsync().AsTask().WaitAsync(Patience);
}
