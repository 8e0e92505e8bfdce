namespace IgdLab.Device;

/// <summary>Marks the IgdLab.Device assembly; the UPnP client and virtual devices live in its namespaces.</summary>
public static class DeviceAssembly
{
    /// <summary>The product token that clients put in SERVER and USER-AGENT headers.</summary>
    public const string ProductToken = "IgdLab/1.0";
}
