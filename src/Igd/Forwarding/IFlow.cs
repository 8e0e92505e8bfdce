namespace IgdLab.Igd.Forwarding;

/// <summary>One connection or session that a WAN port keeps: started once, aborted at most once.</summary>
internal interface IFlow
{
    /// <summary>Completes when the flow has ended and released its sockets; never faults.</summary>
    Task Completion { get; }

    /// <summary>Starts the flow on the thread pool; sets <see cref="Completion"/>.</summary>
    void Start();

    /// <summary>Ends the flow now; the outside peer sees a reset.</summary>
    void Abort();
}
