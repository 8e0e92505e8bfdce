namespace IgdLab.Igd.Faults;

/// <summary>
/// The gateway refused a fault whose settings it cannot carry out (a WAN address the host cannot bind, a count below
/// one); nothing was changed. The message is a plain sentence for the control API and scenario reports.
/// </summary>
public sealed class FaultRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FaultRejectedException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, the reason.</summary>
    public FaultRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public FaultRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
