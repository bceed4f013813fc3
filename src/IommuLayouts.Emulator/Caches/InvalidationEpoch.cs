using System.Threading;

namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// The guard against a walk that races an invalidation, one per device for all of its caches: a translation reads
/// <see cref="Current"/> before it reads any table, and <see cref="Fill{TEntry}"/> inserts what it walked only if no
/// invalidation has run since. Every invalidation runs inside <see cref="Invalidate"/>, which holds the fill lock and
/// advances the epoch when it ends, so a walk that read a descriptor before an invalidation cannot leave its result
/// behind it.
/// </summary>
public sealed class InvalidationEpoch
{
    private readonly Lock _lock = new();
    private long _value;

    /// <summary>The epoch now; read it before a walk and pass it to <see cref="Fill{TEntry}"/>.</summary>
    public long Current => Volatile.Read(ref _value);

    /// <summary>
    /// Begins an invalidation (use with <c>using</c>): fills wait until it ends, and ending it advances the epoch, so
    /// state published inside it (a removed entry, a new root pointer) is seen by every walk whose fill is accepted.
    /// </summary>
    public Scope Invalidate() => new(this);

    /// <summary>Inserts <paramref name="entry"/> into <paramref name="cache"/> if the epoch is still <paramref name="epoch"/>; false if refused or not caching.</summary>
    public bool Fill<TEntry>(long epoch, IFillableCache<TEntry> cache, in TEntry entry)
    {
        if (cache.Policy.Kind == CachePolicyKind.None)
        {
            return false;
        }

        lock (_lock)
        {
            if (_value != epoch)
            {
                return false;
            }

            cache.Insert(in entry);
            return true;
        }
    }

    /// <summary>An invalidation in progress: holds the fill lock; disposing advances the epoch and releases it.</summary>
    public ref struct Scope
    {
        private readonly InvalidationEpoch _epoch;
        private Lock.Scope _lockScope;

        internal Scope(InvalidationEpoch epoch)
        {
            _epoch = epoch;
            _lockScope = epoch._lock.EnterScope();
        }

        /// <summary>Ends the invalidation.</summary>
        public void Dispose()
        {
            Volatile.Write(ref _epoch._value, _epoch._value + 1);
            _lockScope.Dispose();
        }
    }
}
