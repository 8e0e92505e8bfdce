namespace IgdLab.Igd.Ssdp;

/// <summary>Where the SSDP responder learns what to advertise; implemented by the virtual router.</summary>
internal interface ISsdpDescriptionSource
{
    /// <summary>The advertisement as it stands now; read afresh for every reply and announcement.</summary>
    SsdpDescription Current { get; }
}
