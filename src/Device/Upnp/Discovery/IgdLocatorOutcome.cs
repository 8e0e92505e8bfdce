namespace IgdLab.Device.Upnp.Discovery;

/// <summary>How a search for a gateway ended.</summary>
public enum IgdLocatorOutcome
{
    /// <summary>No usable SSDP reply arrived.</summary>
    NoResponse,

    /// <summary>Devices answered, but none has a usable IGD description.</summary>
    NoIgd,

    /// <summary>An IGD was chosen (and its probe passed, if there is a probe).</summary>
    Found,

    /// <summary>IGDs answered but every probe failed; the best of them is offered anyway (miniupnpc's "not connected").</summary>
    FoundProbeFailed,
}
