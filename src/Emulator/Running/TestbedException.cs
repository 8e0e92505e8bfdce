namespace IgdLab.Emulator.Running;

/// <summary>The testbed itself failed (a world that could not be set up, a listener that could not bind): exit code 3, not a failed expectation.</summary>
public sealed class TestbedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TestbedException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public TestbedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public TestbedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
