using System.Security.Cryptography;
using IgdLab.Contracts;

namespace IgdLab.Prober.Watchdog;

/// <summary>Checks a control channel's claim to speak for a device: its proof over the server's nonce with the device's registered key.</summary>
internal sealed class DeviceAuthenticator(DeviceRegistry registry)
{
    /// <summary>Whether <paramref name="proofHex"/> is <paramref name="deviceId"/>'s proof for <paramref name="nonce"/>.</summary>
    public bool Authenticate(string deviceId, ReadOnlySpan<byte> nonce, string proofHex)
    {
        if (string.IsNullOrEmpty(deviceId) || !registry.TryGet(deviceId, out var entry) || proofHex is not { Length: 64 })
        {
            return false;
        }

        byte[] proof;
        try
        {
            proof = Convert.FromHexString(proofHex);
        }
        catch (FormatException)
        {
            return false;
        }

        byte[] key;
        lock (entry.Gate)
        {
            key = entry.Key;
        }

        // An empty key is a revoked one: a proof over it is no proof.
        return key.Length > 0 && CryptographicOperations.FixedTimeEquals(proof, IdentityHandshake.Proof(key, nonce, deviceId));
    }
}
