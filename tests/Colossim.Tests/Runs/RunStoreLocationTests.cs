using Colossim.Runs;

namespace Colossim.Tests.Runs;

public sealed class RunStoreLocationTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    public sealed class TheHomeMethod
    {
        [Fact]
        public void Is_COLOSSIM_HOME_when_set() =>
            Assert.Equal("/data/colossim-test", RunStoreLocation.Home(Env(("COLOSSIM_HOME", "/data/colossim-test"), ("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/u"))));

        [Fact]
        public void Is_under_XDG_DATA_HOME_without_COLOSSIM_HOME() =>
            Assert.Equal("/xdg/colossim", RunStoreLocation.Home(Env(("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/u"))));

        [Fact]
        public void Is_under_the_users_local_share_otherwise_and_empty_values_count_as_unset() =>
            Assert.Equal("/home/u/.local/share/colossim", RunStoreLocation.Home(Env(("COLOSSIM_HOME", " "), ("XDG_DATA_HOME", ""), ("HOME", "/home/u"))));
    }

    public sealed class TheDatabasePathMethod
    {
        [Fact]
        public void Is_colossim_db_in_the_home() =>
            Assert.Equal("/data/x/colossim.db", RunStoreLocation.DatabasePath(Env(("COLOSSIM_HOME", "/data/x"))));

        [Fact]
        public void Is_the_temporary_home_while_tests_run() =>
            Assert.StartsWith(TestHome.Path, RunStoreLocation.DatabasePath(), StringComparison.Ordinal);
    }

    public sealed class TheHistoryDisabledMethod
    {
        [Theory]
        [InlineData("1", true)]
        [InlineData("true", true)]
        [InlineData("0", false)]
        [InlineData("", false)]
        public void Reads_COLOSSIM_NO_HISTORY(string value, bool disabled) =>
            Assert.Equal(disabled, RunStoreLocation.HistoryDisabled(Env(("COLOSSIM_NO_HISTORY", value))));
    }
}
