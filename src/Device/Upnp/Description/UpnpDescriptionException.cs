namespace IgdLab.Device.Upnp.Description;

/// <summary>A root description could not be fetched or does not describe a usable Internet Gateway Device.</summary>
public sealed class UpnpDescriptionException : Exception
{
    /// <summary>Creates an exception with its reason.</summary>
    public UpnpDescriptionException(DescriptionFailure reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary>Why the description is not usable.</summary>
    public DescriptionFailure Reason { get; }

    /// <summary>The description URL, when known.</summary>
    public Uri? Location { get; init; }
}
