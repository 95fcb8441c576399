using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Performance;

/// <summary>What <see cref="CalibrationStore.Import"/> stored.</summary>
public sealed record CalibrationImport
{
    /// <summary>The GPU the measurements calibrate.</summary>
    public required GpuSpec Gpu { get; init; }

    /// <summary>The measurements as the performance model reads them.</summary>
    public required CalibrationSet Set { get; init; }

    /// <summary>The kernel model of <see cref="Gpu"/> built from <see cref="Set"/> alone.</summary>
    public required KernelModel Model { get; init; }

    /// <summary>The file written (JSON Lines), inside the store's folder for the GPU.</summary>
    public required string StoredFile { get; init; }
}

/// <summary>
/// Where users keep calibration sets: a folder with one sub-folder per GPU (<c>h100-sxm/</c>) of JSON Lines files, by
/// default <c>$COLOSSIM_CALIBRATION_DIR</c> or <c>~/.colossim/calibration</c>. Imports check a measurement file (read
/// through the bounded reader, every record parsed, timings no faster than the GPU's datasheet, no synthetic records,
/// the device the GPU named) and store it atomically; nothing that fails a check is stored.
/// </summary>
public sealed class CalibrationStore
{
    /// <summary>The environment variable that names the store's folder.</summary>
    public const string EnvironmentVariable = "COLOSSIM_CALIBRATION_DIR";

    /// <summary>Creates a store over <paramref name="directory"/>; <paramref name="optionName"/> is how the user named it (problem paths).</summary>
    public CalibrationStore(string directory, string optionName = "--out")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        OptionName = optionName;
    }

    /// <summary>The store's folder (it need not exist yet).</summary>
    public string Directory { get; }

    /// <summary>How the user named the folder (<c>--out</c>), the path of problems about it.</summary>
    public string OptionName { get; }

    /// <summary>
    /// The default folder: <paramref name="environmentValue"/> (the value of <see cref="EnvironmentVariable"/>) when set,
    /// else <c>.colossim/calibration</c> under <paramref name="homeDirectory"/>.
    /// </summary>
    public static string DefaultDirectory(string? environmentValue, string homeDirectory)
        => environmentValue is { Length: > 0 } dir ? dir : Path.Combine(homeDirectory, ".colossim", "calibration");

    /// <summary>
    /// The kernel model of the GPU named <paramref name="gpu"/> (a catalog id or a YAML file; problems at
    /// <paramref name="gpuPath"/>) with the user's calibration from <paramref name="source"/> when there is one:
    /// what <c>colossim calibrate show</c> reports. <see langword="null"/> when a problem is an error.
    /// </summary>
    public static KernelModel? KernelModelFor(ColossimCatalog catalog, string gpu, CalibrationSource source, Problems problems, string gpuPath = "--gpu")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(problems);
        if (catalog.ResolveGpu(gpu, problems, gpuPath) is not { } spec)
        {
            return null;
        }

        var user = LoadUserSet(source.Path, spec.Id, source.Named, problems);
        return problems.HasErrors ? null : KernelModel.For(spec, catalog, user);
    }

    /// <summary>
    /// The leave-one-out check of the GEMM interpolation of <paramref name="gpu"/>'s calibration set (the user's, else
    /// the built-in one): what <c>colossim calibrate loo</c> reports. A GPU without a set is an error at
    /// <paramref name="gpuPath"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, ErrorSummary>>? LeaveOneOut(ColossimCatalog catalog, string gpu, CalibrationSource source, Problems problems, string gpuPath = "--gpu")
    {
        if (KernelModelFor(catalog, gpu, source, problems, gpuPath) is not { } model)
        {
            return null;
        }

        if (model.Calibration is not { } set)
        {
            problems.Error(gpuPath, $"{model.Gpu.Id} has no calibration set; import one with colossim calibrate import");
            return null;
        }

        return GemmLeaveOneOut.Run(model.Gpu, set);
    }

    /// <summary>
    /// The user's calibration set for <paramref name="gpu"/> from <paramref name="path"/>: one JSON Lines file, or a folder
    /// whose sub-folder <paramref name="gpu"/> holds JSON Lines files (merged). <see langword="null"/> when the folder has
    /// no set for the GPU. When <paramref name="named"/> (the user gave the path), a missing path or a file without a
    /// kernel measurement is an error at <paramref name="option"/>.
    /// </summary>
    public static CalibrationSet? LoadUserSet(string path, string gpu, bool named, Problems problems, string option = "--calibration")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(problems);
        if (System.IO.Directory.Exists(path))
        {
            var folder = Path.Combine(path, gpu);
            return System.IO.Directory.Exists(folder) ? CalibrationSet.FromDirectory(gpu, folder, problems) : null;
        }

        if (File.Exists(path))
        {
            var fileProblems = new Problems(path);
            var set = CalibrationSet.FromFile(gpu, path, fileProblems);
            problems.AddRange(fileProblems);
            if (named && set.IsEmpty && !fileProblems.HasErrors)
            {
                problems.Error(option, $"expected measurements (gemm, attn_prefill, attn_decode records) in '{path}', found none");
            }

            return set;
        }

        if (named)
        {
            problems.Error(option, $"expected a folder or a .jsonl file, found nothing at '{path}'");
        }

        return null;
    }

    /// <summary>
    /// Checks the measurement file at <paramref name="file"/> (JSON Lines, or a Vidur <c>.csv</c>) as a calibration of
    /// <paramref name="gpu"/> and stores it as <c>&lt;store&gt;/&lt;gpu&gt;/&lt;name&gt;.jsonl</c>. Returns
    /// <see langword="null"/>, having stored nothing, when the file cannot be read, a record is malformed, it has no kernel
    /// measurement, a <see cref="CalibrationChecks"/> doubt is found (unless <paramref name="force"/>, which stores it
    /// with a warning per doubt) or the file cannot be written.
    /// </summary>
    public CalibrationImport? Import(string file, GpuSpec gpu, ColossimCatalog catalog, bool force, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(problems);
        problems.File ??= file;
        string? jsonl;
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var rows = VidurCsv.ReadFile(file, problems);
            jsonl = problems.HasErrors ? null : VidurCsv.ToJsonl(rows);
        }
        else
        {
            jsonl = DocReader.ReadText(file, problems, MeasurementReader.MaxBytes);
        }

        if (jsonl is null || problems.HasErrors)
        {
            return null;
        }

        var records = MeasurementReader.Parse(jsonl, problems);
        var set = CalibrationSet.FromRecords(gpu.Id, records, problems, Path.GetFileName(file));
        if (problems.HasErrors)
        {
            return null;
        }

        if (set.IsEmpty)
        {
            problems.Error("", "no kernel measurements (gemm, attn_prefill, attn_decode) in the file");
            return null;
        }

        var doubts = CalibrationChecks.Find(records, gpu, catalog);
        foreach (var doubt in doubts)
        {
            if (force)
            {
                problems.Warning("", $"{doubt.Message}; imported anyway (--force)", doubt.Line);
            }
            else
            {
                problems.Error("", $"{doubt.Message}; not imported (pass --force to import it anyway)", doubt.Line);
            }
        }

        if (problems.HasErrors)
        {
            return null;
        }

        var target = Path.Combine(Directory, gpu.Id, Path.GetFileNameWithoutExtension(file) + ".jsonl");
        return Write(target, jsonl, problems) ? new CalibrationImport { Gpu = gpu, Set = set, Model = KernelModel.Create(gpu, set), StoredFile = target } : null;
    }

    // Writes the text to a temporary file beside the target and renames it over the target, so readers see the old
    // file or the new one, never half of one.
    private bool Write(string target, string text, Problems problems)
    {
        var folder = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (File.Exists(Directory) || (!System.IO.Directory.Exists(Directory) && Path.Exists(Directory)))
            {
                throw new IOException($"'{Directory}' is a file, not a folder");
            }

            System.IO.Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, text);
            File.Move(temporary, target, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problems.Add(new Problem(OptionName, $"cannot write {target}: {e.Message}"));
            TryDelete(temporary);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done about a temporary file that cannot be removed; the import has already failed.
        }
    }
}

/// <summary>
/// Where the user's calibration sets are read from: a folder with one sub-folder per GPU, or one JSON Lines file.
/// <see cref="Named"/> says whether the user named it (then a missing path is an error) or it is the default folder.
/// </summary>
/// <param name="Path">The folder or file.</param>
/// <param name="Named">Whether the user gave it (<c>--calibration</c>), rather than the default folder.</param>
public sealed record CalibrationSource(string Path, bool Named);
