namespace IgdLab.Igd.Mapping;

/// <summary>
/// Hears every change of a <see cref="MappingTable"/>, synchronously and under the table's lock, so the forwarding
/// plane's listeners always match the table. <see cref="OnAdded"/> may veto an add by throwing a UpnpException.
/// </summary>
internal interface IMappingObserver
{
    /// <summary>A new mapping is about to be committed; throw to refuse it.</summary>
    void OnAdded(PortMapping mapping);

    /// <summary>An existing mapping was overwritten (renewal) or its state changed.</summary>
    void OnUpdated(PortMapping previous, PortMapping current);

    /// <summary>A mapping left the table.</summary>
    void OnRemoved(PortMapping mapping, Events.RemovalReason reason);
}
