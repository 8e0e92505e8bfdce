namespace IgdLab.Igd.Forwarding;

/// <summary>The live flows of one WAN port, so closing the port ends them all and can wait for them.</summary>
internal sealed class FlowSet
{
    private readonly Lock _gate = new();
    private readonly HashSet<IFlow> _flows = [];
    private bool _closed;

    /// <summary>How many flows are live.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _flows.Count;
            }
        }
    }

    /// <summary>Starts <paramref name="flow"/> and tracks it until it ends; false once the set is closed.</summary>
    public bool TryStart(IFlow flow)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _flows.Add(flow);
            flow.Start();
        }

        _ = ForgetWhenEndedAsync(flow);
        return true;
    }

    /// <summary>Refuses further flows and aborts every live one.</summary>
    public void AbortAll()
    {
        IFlow[] live;
        lock (_gate)
        {
            _closed = true;
            live = [.. _flows];
        }

        foreach (var flow in live)
        {
            flow.Abort();
        }
    }

    /// <summary>Completes when every flow live now has ended.</summary>
    public Task WhenAllEndedAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_flows.Select(f => f.Completion));
        }
    }

    // An await rather than a ContinueWith: one object for a flow that is still running (every probe through the
    // gateway is one), against a closure, a delegate, a continuation and a task.
    private async Task ForgetWhenEndedAsync(IFlow flow)
    {
        await flow.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            _flows.Remove(flow);
        }
    }
}
