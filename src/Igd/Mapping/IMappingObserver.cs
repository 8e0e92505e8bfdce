namespace IgdLab.Igd.Mapping;

/// <summary>
/// Keeps something in step with a <see cref="MappingTable"/> (the forwarding plane's listeners), synchronously and under
/// the table's lock. <see cref="OnAdded"/> reserves the mapping's port before the row commits and may refuse it by
/// throwing a UpnpException, in which case nothing is committed. Observers must not publish to outsiders: whoever
/// only needs to hear about committed changes listens with <see cref="MappingTable.Listen"/>, outside the lock.
/// </summary>
internal interface IMappingObserver
{
    /// <summary>A new mapping is about to be committed: reserve its port, or throw to refuse it.</summary>
    void OnAdded(PortMapping mapping);

    /// <summary>An existing mapping was overwritten (renewal) or its state changed.</summary>
    void OnUpdated(PortMapping previous, PortMapping current);

    /// <summary>A mapping left the table.</summary>
    void OnRemoved(PortMapping mapping, Events.RemovalReason reason);
}
