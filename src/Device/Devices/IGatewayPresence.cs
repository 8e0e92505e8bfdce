namespace IgdLab.Device.Devices;

/// <summary>
/// Asks cheaply whether the gateway answers now: the poll of a device watching for its gateway's return after a
/// failed remap (<see cref="RestoreWatchState"/>). <see cref="SsdpGatewayLocator"/> asks with one unicast SSDP search.
/// </summary>
public interface IGatewayPresence
{
    /// <summary>Asks the gateway once.</summary>
    /// <param name="cancellationToken">Ends the wait for an answer (the caller's poll interval).</param>
    /// <returns>True when the gateway answered; false when nobody answered in time or the ask could not go out.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> ended the wait first.</exception>
    Task<bool> AnswersAsync(CancellationToken cancellationToken);
}
