namespace IgdLab.Igd.Faults;

/// <summary>
/// Injected SOAP misbehaviour: errors for the next N calls of an action, and a delay before answering.
/// Thread-safe; the SOAP endpoint consults it on every call.
/// </summary>
internal sealed class SoapFaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<InjectedError> _errors = [];
    private TimeSpan _delay;
    private string? _delayedAction;

    /// <summary>The next <paramref name="count"/> calls of <paramref name="action"/> (any action when null) fail with <paramref name="code"/>.</summary>
    public void InjectError(string? action, int code, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _errors.Add(new InjectedError(action, code, count));
        }
    }

    /// <summary>Delays answers to <paramref name="action"/> (all actions when null); zero clears the delay.</summary>
    public void SetDelay(TimeSpan delay, string? action)
    {
        lock (_gate)
        {
            _delay = delay;
            _delayedAction = action;
        }
    }

    /// <summary>Forgets every injected error and delay.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _errors.Clear();
            _delay = TimeSpan.Zero;
            _delayedAction = null;
        }
    }

    /// <summary>The delay for <paramref name="action"/>.</summary>
    public TimeSpan DelayFor(string action)
    {
        lock (_gate)
        {
            return _delayedAction is null || string.Equals(_delayedAction, action, StringComparison.Ordinal) ? _delay : TimeSpan.Zero;
        }
    }

    /// <summary>Takes one injected error for <paramref name="action"/>, if any is left.</summary>
    public int? TakeError(string action)
    {
        lock (_gate)
        {
            var index = _errors.FindIndex(e => e.Action is null || string.Equals(e.Action, action, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var error = _errors[index];
            if (error.Remaining <= 1)
            {
                _errors.RemoveAt(index);
            }
            else
            {
                _errors[index] = error with { Remaining = error.Remaining - 1 };
            }

            return error.Code;
        }
    }

    private sealed record InjectedError(string? Action, int Code, int Remaining);
}
