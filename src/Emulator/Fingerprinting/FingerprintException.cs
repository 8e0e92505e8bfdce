namespace IgdLab.Emulator.Fingerprinting;

/// <summary>The router cannot be fingerprinted safely as asked (e.g. a probe port is already in use).</summary>
internal sealed class FingerprintException(string message) : Exception(message);
