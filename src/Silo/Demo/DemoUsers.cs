using System.IO.Hashing;
using System.Text;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Silo.Demo;

/// <summary>
/// A demo test's users: stable ids, each assigned to one variant by a hash of the test and the id (as an
/// assignment service would), and, per metric, a level of their own drawn once. Everything is a function
/// of the names, so the history seeder and the live traffic of any silo, before or after a restart, see
/// the same users with the same levels.
/// </summary>
public sealed class DemoUsers
{
    private readonly string _test;
    private readonly string[] _ids;
    private readonly ulong[] _hashes;
    private readonly int[] _variants;
    private readonly int[][] _byVariant;

    public DemoUsers(string test, int variants, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variants, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, variants);
        _test = test;
        _ids = new string[count];
        _hashes = new ulong[count];
        _variants = new int[count];
        for (var u = 0; u < count; u++)
        {
            _ids[u] = $"user-{u:D6}";
            _hashes[u] = UnitIdHash.Of(_ids[u]);
            _variants[u] = (int)(Hash(test, _ids[u], 0) % (ulong)variants);
        }

        _byVariant = Enumerable.Range(0, variants).Select(v => Enumerable.Range(0, count).Where(u => _variants[u] == v).ToArray()).ToArray();
    }

    public int Count => _ids.Length;

    /// <summary>The user id points carry.</summary>
    public string Id(int user) => _ids[user];

    /// <summary>The id's hash, as the series stores unit totals (<see cref="UnitIdHash"/>).</summary>
    public ulong UnitHash(int user) => _hashes[user];

    /// <summary>The variant the user is assigned to.</summary>
    public int Variant(int user) => _variants[user];

    /// <summary>A user of the variant, uniformly: who sends the next point.</summary>
    public int Pick(int variant, Random random) => _byVariant[variant][random.Next(_byVariant[variant].Length)];

    /// <summary>Every user's level for one metric: a standard normal and a uniform in [0, 1), fixed per (test, metric, user).</summary>
    public DemoUserLevel[] Levels(string metric)
    {
        var levels = new DemoUserLevel[_ids.Length];
        var seed = $"{_test}/{metric}";
        for (var u = 0; u < levels.Length; u++)
        {
            double U(int stream) => (Hash(seed, _ids[u], stream) >> 11) * (1.0 / (1UL << 53));
            var normal = Math.Sqrt(-2 * Math.Log(1 - U(1))) * Math.Cos(2 * Math.PI * U(2));
            levels[u] = new DemoUserLevel(normal, U(3));
        }

        return levels;
    }

    private static ulong Hash(string scope, string id, int stream) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{scope}|{id}"), stream);
}
