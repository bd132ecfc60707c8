namespace DnsServer.LoadBalancing.Health;

/// <summary>A member's health as the answers see it.</summary>
public enum MemberHealth : byte
{
    /// <summary>No check has finished yet and the initial state is unknown to the answers.</summary>
    Unknown,

    Up,

    Down,
}

/// <summary>
/// The health of every member at one moment, by <see cref="Model.MemberModel.Id"/>. Immutable:
/// the health monitor publishes a new view on every transition and the query path reads the
/// current one without a lock.
/// </summary>
public sealed class HealthView
{
    private readonly MemberHealth[] _states;

    public HealthView(long version, MemberHealth[] states, bool[] checkedOnce)
    {
        Version = version;
        _states = states;
        _checkedOnce = checkedOnce;
    }

    private readonly bool[] _checkedOnce;

    public static HealthView Empty { get; } = new(0, [], []);

    /// <summary>Grows by one on every published change.</summary>
    public long Version { get; }

    public int Count => _states.Length;

    public MemberHealth this[int memberId] => (uint)memberId < (uint)_states.Length ? _states[memberId] : MemberHealth.Up;

    /// <summary>Up, or unknown (counted as up for answers: <c>InitialState</c> decides what the monitor publishes first).</summary>
    public bool IsUp(int memberId) => this[memberId] != MemberHealth.Down;

    /// <summary>True once the member's first check has finished (or it is not checked at all).</summary>
    public bool HasBeenChecked(int memberId) => (uint)memberId >= (uint)_checkedOnce.Length || _checkedOnce[memberId];
}

/// <summary>Holds the current view; the monitor replaces it, readers take it without a lock.</summary>
public sealed class HealthViewHolder
{
    private HealthView _current = HealthView.Empty;

    public HealthView Current => Volatile.Read(ref _current);

    /// <summary>Raised after every publish, off the query path (for answer-set change events and metrics).</summary>
    public event Action<HealthView, HealthView>? Changed;

    public void Publish(HealthView view)
    {
        var previous = Interlocked.Exchange(ref _current, view);
        Changed?.Invoke(previous, view);
    }
}
