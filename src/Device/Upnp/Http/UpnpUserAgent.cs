namespace IgdLab.Device.Upnp.Http;

/// <summary>The USER-AGENT value of the UPnP client's HTTP requests, in the UDA form <c>OS/version UPnP/1.1 product/version</c>.</summary>
internal static class UpnpUserAgent
{
    /// <summary>For example <c>Linux UPnP/1.1 IgdLab/1.0</c>.</summary>
    public static readonly string Value = $"{OperatingSystemToken()} UPnP/1.1 {DeviceAssembly.ProductToken}";

    private static string OperatingSystemToken() =>
        OperatingSystem.IsLinux() ? "Linux"
        : OperatingSystem.IsWindows() ? "Windows"
        : OperatingSystem.IsMacOS() ? "macOS"
        : "Unix";
}
