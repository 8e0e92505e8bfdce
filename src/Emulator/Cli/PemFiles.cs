using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// The PEM files of the TLS options (<c>igdlab prober --tls-cert/--tls-key</c>, <c>igdlab device --prober-ca</c>): each
/// read once, every problem named with its option and file, never an exception.
/// </summary>
internal static class PemFiles
{
    private static readonly string[] PrivateKeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>
    /// The server certificate with its key from <paramref name="certificatePath"/> and <paramref name="keyPath"/>; null
    /// when neither is given or a problem was added.
    /// </summary>
    public static X509Certificate2? ServerCertificate(string? certificatePath, string? keyPath, List<string> problems)
    {
        if (certificatePath is null && keyPath is null)
        {
            return null;
        }

        if (certificatePath is null || keyPath is null)
        {
            problems.Add(certificatePath is null ? "--tls-key needs --tls-cert (the certificate it belongs to)" : "--tls-cert needs --tls-key (the certificate's private key)");
            return null;
        }

        var certificateText = Read("--tls-cert", certificatePath, problems);
        var keyText = Read("--tls-key", keyPath, problems);
        if (certificateText is null || keyText is null)
        {
            return null;
        }

        if (!Holds(certificateText, "CERTIFICATE"))
        {
            problems.Add($"--tls-cert: {certificatePath} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return null;
        }

        if (!PrivateKeyLabels.Any(label => Holds(keyText, label)))
        {
            problems.Add(Holds(keyText, "ENCRYPTED PRIVATE KEY")
                ? $"--tls-key: {keyPath} holds an encrypted private key; give it unencrypted (openssl pkey -in {keyPath} -out plain.key) and chmod 600"
                : $"--tls-key: {keyPath} holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(certificateText, keyText);
        }
        catch (ArgumentException)
        {
            // The key is of the certificate's kind, but another key than the one the certificate was issued for.
            problems.Add($"--tls-key: the key in {keyPath} does not fit the certificate in {certificatePath}");
            return null;
        }
        catch (CryptographicException ex)
        {
            problems.Add($"--tls-key: the key in {keyPath} does not fit the certificate in {certificatePath} ({ex.Message})");
            return null;
        }
    }

    /// <summary>Every certificate in <paramref name="path"/> (the <c>--prober-ca</c> roots); null when a problem was added.</summary>
    public static X509Certificate2Collection? TrustedRoots(string path, List<string> problems)
    {
        if (Read("--prober-ca", path, problems) is not { } text)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            problems.Add($"--prober-ca: {path} holds a certificate that cannot be read ({ex.Message})");
            return null;
        }

        if (roots.Count == 0)
        {
            problems.Add($"--prober-ca: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return null;
        }

        return roots;
    }

    private static string? Read(string option, string path, List<string> problems)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problems.Add($"{option}: {path} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            problems.Add($"{option}: {path} cannot be read (permission denied)");
        }
        catch (IOException ex)
        {
            problems.Add($"{option}: {path} cannot be read ({ex.Message})");
        }

        return null;
    }

    private static bool Holds(string text, string label)
    {
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(label))
            {
                return true;
            }

            rest = rest[fields.Location.End..];
        }

        return false;
    }
}
