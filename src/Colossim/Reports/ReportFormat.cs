namespace Colossim.Reports;

/// <summary>A format of the run's report.</summary>
public enum ReportFormat
{
    /// <summary>Tables for people.</summary>
    Text,

    /// <summary>A page with charts that opens offline.</summary>
    Html,

    /// <summary>One JSON document for programs.</summary>
    Json,
}
