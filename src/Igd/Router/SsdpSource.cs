using IgdLab.Igd.Description;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Router;

/// <summary>What the SSDP responder advertises: boot id and on/off read as one snapshot per reply.</summary>
internal sealed class SsdpSource(DeviceNode deviceTree, RouterProfile profile, RouterState state, GatewayHttpHost http) : ISsdpDescriptionSource
{
    public SsdpDescription Current
    {
        get
        {
            var (bootId, advertising) = state.Advertisement;
            var discovery = profile.Discovery;
            return new SsdpDescription(
                deviceTree,
                http.DescriptionUrl,
                bootId,
                ConfigId: 1,
                profile.ServerHeader,
                IsEnabled: advertising,
                discovery,
                discovery.DualIgd ? (http.Igd1DeviceTree, http.Igd1DescriptionUrl) : null,
                discovery.SsdpAll == SsdpAllAnswer.NonIgdOnly ? http.NonIgdDescriptionUrl : null);
        }
    }
}
