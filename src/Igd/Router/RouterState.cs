using System.Net;

namespace IgdLab.Igd.Router;

/// <summary>The router's own state (WAN address, boot, up/down, UPnP on/off) under one lock, read as a whole or by field.</summary>
internal sealed class RouterState(IPAddress wanAddress, TimeProvider time)
{
    private readonly Lock _gate = new();
    private IPAddress _wanAddress = wanAddress;
    private DateTimeOffset? _wanChangedAt;
    private DateTimeOffset _bootTime = time.GetUtcNow();
    private int _bootId = 1;
    private bool _upnpEnabled = true;
    private bool _isUp;
    private bool _started;
    private DateTimeOffset _epochStart = time.GetUtcNow();
    private bool _natPmpEnabled = true;
    private bool _pcpEnabled = true;
    private bool _announcementsDropped;

    public IPAddress WanAddress
    {
        get
        {
            lock (_gate)
            {
                return _wanAddress;
            }
        }

        set
        {
            lock (_gate)
            {
                if (!value.Equals(_wanAddress))
                {
                    _wanChangedAt = time.GetUtcNow();
                }

                _wanAddress = value;
            }
        }
    }

    /// <summary>When the WAN address last changed; null while it is the one the router started with.</summary>
    public DateTimeOffset? WanChangedAt
    {
        get
        {
            lock (_gate)
            {
                return _wanChangedAt;
            }
        }
    }

    public int BootId
    {
        get
        {
            lock (_gate)
            {
                return _bootId;
            }
        }
    }

    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _isUp;
            }
        }

        set
        {
            lock (_gate)
            {
                _isUp = value;
            }
        }
    }

    public bool UpnpEnabled
    {
        get
        {
            lock (_gate)
            {
                return _upnpEnabled;
            }
        }
    }

    public TimeSpan Uptime
    {
        get
        {
            lock (_gate)
            {
                return time.GetUtcNow() - _bootTime;
            }
        }
    }

    /// <summary>NAT-PMP's seconds since start of epoch, PCP's epoch time: whole seconds since the state began.</summary>
    public uint EpochSeconds
    {
        get
        {
            lock (_gate)
            {
                var elapsed = (time.GetUtcNow() - _epochStart).TotalSeconds;
                return elapsed <= 0 ? 0u : (uint)Math.Min(Math.Floor(elapsed), uint.MaxValue);
            }
        }
    }

    /// <summary>Whether NAT-PMP requests are served (the disable-natpmp fault turns it off).</summary>
    public bool NatPmpEnabled
    {
        get
        {
            lock (_gate)
            {
                return _natPmpEnabled;
            }
        }

        set
        {
            lock (_gate)
            {
                _natPmpEnabled = value;
            }
        }
    }

    /// <summary>Whether PCP requests are served (the disable-pcp fault turns it off).</summary>
    public bool PcpEnabled
    {
        get
        {
            lock (_gate)
            {
                return _pcpEnabled;
            }
        }

        set
        {
            lock (_gate)
            {
                _pcpEnabled = value;
            }
        }
    }

    /// <summary>Whether address changes and restarts go unannounced (the drop-announcements fault).</summary>
    public bool AnnouncementsDropped
    {
        get
        {
            lock (_gate)
            {
                return _announcementsDropped;
            }
        }

        set
        {
            lock (_gate)
            {
                _announcementsDropped = value;
            }
        }
    }

    /// <summary>The router lost its state (a reboot, a new WAN address): the epoch starts again from 0.</summary>
    public void ResetEpoch()
    {
        lock (_gate)
        {
            _epochStart = time.GetUtcNow();
        }
    }

    /// <summary>Boot id and whether SSDP may advertise, read together so that one reply is consistent.</summary>
    public (int BootId, bool Advertising) Advertisement
    {
        get
        {
            lock (_gate)
            {
                return (_bootId, _upnpEnabled && _isUp);
            }
        }
    }

    /// <summary>Marks the first start; false when the router had been started already.</summary>
    public bool MarkStarted()
    {
        lock (_gate)
        {
            if (_started)
            {
                return false;
            }

            _started = true;
            _isUp = true;
            _bootTime = time.GetUtcNow();
            _epochStart = _bootTime;
            return true;
        }
    }

    /// <summary>Marks the stop; false when the router was not started.</summary>
    public bool MarkStopped()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return false;
            }

            _started = false;
            _isUp = false;
            return true;
        }
    }

    /// <summary>A reboot completes its boot: BOOTID one more, uptime from now.</summary>
    public void Booted()
    {
        lock (_gate)
        {
            _bootId++;
            _bootTime = time.GetUtcNow();
        }
    }

    /// <summary>Switches UPnP; false when it was already so.</summary>
    public bool SetUpnpEnabled(bool enabled)
    {
        lock (_gate)
        {
            if (_upnpEnabled == enabled)
            {
                return false;
            }

            _upnpEnabled = enabled;
            return true;
        }
    }
}
