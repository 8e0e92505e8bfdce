using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// What TCP and UDP forwarders share: the bound WAN port (a kernel socket or an in-process offer), the mapping and its target, the running flows, the loop
/// that serves the socket, and an idempotent shutdown that waits for every flow to end.
/// </summary>
internal abstract class Forwarder : IForwarder
{
    private readonly CancellationTokenSource _stop = new();
    private volatile PortMapping _mapping;
    private volatile ForwardTarget _target;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    protected Forwarder(IDisposable port, IPAddress address, PortMapping mapping, ForwardingContext context, MappingActivity activity)
    {
        Port = port;
        Address = address;
        Context = context;
        Activity = activity;
        _mapping = mapping;
        _target = ForwardTarget.For(mapping);
    }

    /// <inheritdoc />
    public MappingKey Key => _mapping.Key;

    /// <inheritdoc />
    public IPAddress Address { get; }

    /// <inheritdoc />
    public PortMapping Mapping => _mapping;

    /// <summary>The bound WAN port; disposing it stops new traffic at once.</summary>
    protected IDisposable Port { get; }

    protected ForwardingContext Context { get; }

    protected MappingActivity Activity { get; }

    /// <summary>The connections or sessions running for this mapping.</summary>
    protected FlowSet Flows { get; } = new();

    /// <summary>Where new traffic goes now.</summary>
    protected ForwardTarget Target => _target;

    /// <summary>Cancelled when the forwarder closes.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <inheritdoc />
    public void Start() => _loop = Task.Run(RunAsync);

    /// <inheritdoc />
    public bool Apply(PortMapping mapping)
    {
        var target = ForwardTarget.For(mapping);
        _mapping = mapping;
        if (target == _target)
        {
            return false;
        }

        Retarget(target);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        Port.Dispose();
        Flows.AbortAll();
        OnClosed();
    }

    /// <inheritdoc />
    public async Task WhenClosedAsync()
    {
        try
        {
            await _loop;
            await Flows.WhenAllEndedAsync();
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.LoopFailed(Context.Logger, Key, ex);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    /// <summary>Serves the port until <see cref="Stopping"/> is cancelled.</summary>
    protected abstract Task RunAsync();

    /// <summary>Sends new traffic to <paramref name="target"/>; by default established flows keep their device.</summary>
    protected virtual void Retarget(ForwardTarget target) => _target = target;

    /// <summary>Releases what the subclass holds beyond the port and the flows.</summary>
    protected virtual void OnClosed()
    {
    }
}
