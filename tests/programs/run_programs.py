#!/usr/bin/env python3
"""tests/programs/run_programs.py - real-world libvirt programs, run twice.

Each C program of programs.list is compiled unchanged against Debian's
libvirt (pkg-config libvirt) and against virt.h (a two-line
<libvirt/libvirt.h> that includes virt.h, plus one file defining
VIRT_IMPLEMENTATION); each Python script runs under python3-libvirt and
under the `virt` module (a one-line libvirt.py: `from virt import *`). Both
runs happen in the same fresh directory, on test:///default; stdout, stderr
and exit code must be equal. Prints one line per run and the counts, writes
the differences to --out, and fails when a run listed in must_match.txt
does not match (or when a program does not even build against libvirt).

Usage: run_programs.py --root REPO --out DIR [--virt-py DIR] c|py
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 30
SHIM_HEADER = "/* harness shim: libvirt's header name, virt's declarations */\n#include \"virt.h\"\n"


def parse_list(kind):
    runs = []
    with open(os.path.join(HERE, "programs.list")) as f:
        for line in f:
            words = shlex.split(line, comments=True)
            if not words or words[0] != kind:
                continue
            env = {}
            rest = words[2:]
            while rest and "=" in rest[0] and not rest[0].startswith("-") and ":" not in rest[0].split("=")[0]:
                k, v = rest.pop(0).split("=", 1)
                env[k] = v
            runs.append((words[1], env, rest))
    return runs


def first_error(text):
    """The first compiler or linker complaint, short."""
    for line in text.splitlines():
        if "undefined reference" in line:
            return "undefined " + line.split("undefined reference to")[-1].strip()
        if "error: " in line:
            return line.split("error: ", 1)[1]
    return "?"


def run_id(name, args):
    return " ".join([name] + args)


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def prepare_virt_c(root, out, extra):
    shim = os.path.join(out, "shim", "libvirt")
    os.makedirs(shim, exist_ok=True)
    for h in ("libvirt.h", "virterror.h"):
        with open(os.path.join(shim, h), "w") as f:
            f.write(SHIM_HEADER)
    impl = os.path.join(out, "virt_impl.c")
    with open(impl, "w") as f:
        f.write("#define VIRT_IMPLEMENTATION\n#include \"virt.h\"\n")
    obj = os.path.join(out, "virt_impl.o")
    r = sh(["cc", "-c", "-O1", "-I", root, impl, "-o", obj] + extra)
    if r.returncode != 0:
        sys.exit("cannot compile virt's implementation:\n" + r.stderr)
    return os.path.join(out, "shim"), obj, extra


def build_c(root, out, name):
    src = os.path.join(HERE, "c", name)
    base = os.path.splitext(name)[0]
    cflags = shlex.split(sh(["pkg-config", "--cflags", "libvirt"]).stdout)
    libs = shlex.split(sh(["pkg-config", "--libs", "libvirt"]).stdout)
    exe_l = os.path.join(out, base + ".libvirt")
    r1 = sh(["cc", "-std=gnu11", "-w", src, "-o", exe_l] + cflags + libs)
    shim, obj, extra = BUILD_CTX
    exe_v = os.path.join(out, base + ".virt")
    r2 = sh(["cc", "-std=gnu11", "-w", "-I", shim, "-I", root, src, obj, "-o", exe_v,
             "-lexpat", "-lpthread"] + extra)
    with open(os.path.join(out, base + ".virt.compile.txt"), "w") as f:
        f.write(r2.stderr)
    return (exe_l if r1.returncode == 0 else None, r1.stderr,
            exe_v if r2.returncode == 0 else None, r2.stderr)


def execute(cmd, env_extra, workdir, pythonpath=None):
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    env = {k: v for k, v in os.environ.items()
           if k not in ("LIBVIRT_DEFAULT_URI", "PYTHONPATH", "VIRSH_DEFAULT_CONNECT_URI")}
    env["HOME"] = workdir
    env["LC_ALL"] = "C"
    env.update(env_extra)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    try:
        r = subprocess.run(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def compare(label, a, b, out, base):
    if a == b:
        return True
    with open(os.path.join(out, base + ".diff.txt"), "w") as f:
        for what, x, y in zip(("exit", "stdout", "stderr"), a, b):
            if x != y:
                f.write("== %s, libvirt:\n%s\n== %s, virt:\n%s\n" % (what, x, what, y))
    return False


def main():
    global BUILD_CTX
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--virt-py", help="directory holding the virt extension module")
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--virt-cflags", default="",
                    help="extra flags for the virt builds (the ASan stage passes -fsanitize=...)")
    ap.add_argument("kind", choices=("c", "py"))
    a = ap.parse_args()
    out = os.path.join(os.path.abspath(a.out), a.kind)
    os.makedirs(out, exist_ok=True)
    for stale in os.listdir(out):
        if stale.endswith(".diff.txt"):
            os.remove(os.path.join(out, stale))
    runs = parse_list(a.kind)
    with open(os.path.join(HERE, "must_match.txt")) as f:
        must = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    workdir = os.path.join(out, "run")
    failures, compiled, matched, built = [], 0, 0, {}

    if a.kind == "c":
        if not shutil.which("pkg-config") or sh(["pkg-config", "--exists", "libvirt"]).returncode != 0:
            print("SKIP: pkg-config libvirt not found (install libvirt-dev)")
            return 77
        BUILD_CTX = prepare_virt_c(a.root, out, shlex.split(a.virt_cflags))
    else:
        if sh([a.python, "-c", "import libvirt"]).returncode != 0:
            print("SKIP: python3-libvirt not installed")
            return 77
        if not a.virt_py or not os.path.isdir(a.virt_py):
            print("SKIP: the virt module was not built")
            return 77
        shim = os.path.join(out, "shim")
        os.makedirs(shim, exist_ok=True)
        with open(os.path.join(shim, "libvirt.py"), "w") as f:
            f.write("from virt import *  # harness shim: libvirt-python's module name\n")
        pypath = shim + os.pathsep + os.path.abspath(a.virt_py)

    for name, env, args in parse_list(a.kind):
        rid = run_id(name, args)
        base = rid.replace("/", "_").replace(" ", "_").replace(":", "")
        if a.kind == "c":
            if name not in built:
                built[name] = build_c(a.root, out, name)
            exe_l, err_l, exe_v, err_v = built[name]
            if not exe_l:
                failures.append("%s does not build against libvirt:\n%s" % (name, err_l))
                print("%-60s libvirt build FAILED" % rid)
                continue
            if not exe_v:
                print("%-60s virt: no compile (%s)" % (rid, first_error(err_v)))
                if rid in must:
                    failures.append("%s must match but does not compile against virt.h" % rid)
                continue
            compiled += 1
            # the same argv[0] for both runs
            prog = os.path.join(out, os.path.splitext(name)[0])
            res = []
            for exe in (exe_l, exe_v):
                shutil.copy(exe, prog)
                # a program's own leaks are not virt's: sanitizers report
                # memory errors, not what the program forgot to free
                run_env = dict(env, ASAN_OPTIONS="detect_leaks=0") if exe is exe_v else env
                res.append(execute(["./../" + os.path.basename(prog)] + args, run_env, workdir))
        else:
            script = os.path.join(HERE, "py", name)
            compiled += 1
            res = [execute([a.python, script] + args, env, workdir),
                   execute([a.python, script] + args, env, workdir, pypath)]
        if res[0][0] == "timeout":
            failures.append("%s timed out with libvirt" % rid)
        ok = compare(rid, res[0], res[1], out, base)
        matched += ok
        print("%-60s %s" % (rid, "match" if ok else "DIFFERS (see %s.diff.txt)" % base))
        if rid in must and not ok:
            failures.append("%s must match but differs" % rid)
    n = len(runs)
    files = sorted({r[0] for r in runs})
    if a.kind == "c":
        ok_files = [f for f in files if built.get(f) and built[f][2]]
        print("C programs: %d, compile against virt.h: %d; runs: %d, match libvirt 9.0: %d"
              % (len(files), len(ok_files), n, matched))
    else:
        print("Python scripts: %d; runs: %d, match python3-libvirt 9.0: %d" % (len(files), n, matched))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


BUILD_CTX = None
if __name__ == "__main__":
    sys.exit(main())
