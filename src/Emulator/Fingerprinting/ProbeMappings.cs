using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Every mapping a probe made (or may have made), so that all of them are deleted again whatever happens.</summary>
internal sealed class ProbeMappings(IgdSoapClient client)
{
    private readonly List<MappingKey> _made = [];

    /// <summary>Remembers a mapping about to be requested, before the request goes out, so a lost answer still gets it deleted.</summary>
    public void Track(int externalPort, MappingProtocol protocol)
    {
        var key = new MappingKey(externalPort, protocol);
        if (!_made.Contains(key))
        {
            _made.Add(key);
        }
    }

    /// <summary>Deletes every tracked mapping; never throws.</summary>
    /// <returns>The mappings that could not be deleted, with the reason.</returns>
    public async Task<IReadOnlyList<string>> DeleteAllAsync()
    {
        var leftovers = new List<string>();
        foreach (var key in _made)
        {
            try
            {
                // Not the caller's token: an interrupted fingerprint must still clean up (each call is bounded by the client's timeout).
                await client.DeletePortMappingAsync(key.ExternalPort, key.Protocol, cancellationToken: CancellationToken.None);
            }
            catch (Exception ex) when (ex is UpnpErrorException or UpnpTransportException)
            {
                leftovers.Add($"{key.ExternalPort}/{key.Protocol.ToUpnp()}: {ex.Message}");
            }
        }

        _made.Clear();
        return leftovers;
    }
}
