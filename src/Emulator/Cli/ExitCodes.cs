namespace IgdLab.Emulator.Cli;

/// <summary>The exit codes of <c>igdlab</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int ExpectationFailed = 1;
    public const int InvalidInput = 2;
    public const int TestbedError = 3;
}
