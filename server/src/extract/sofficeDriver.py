"""
Resident LibreOffice converter, driven by server/src/extract/soffice.ts.

Starts one headless soffice with a private profile, listening on a private UNO pipe, and converts
files over UNO as they are asked for: one soffice start (about a second) serves a whole run, and
each file costs only its load and save (tens of milliseconds).

    python3 sofficeDriver.py SOFFICE PROFILE_DIR PIPE_NAME START_TIMEOUT_S WORK_DIR

stdout, one line each:  READY | FAIL <reason>  once, then per request  OK <filter> |
TEXT <filter> (LibreOffice could read it only as plain text) | ERR <reason> | DEAD <reason> (soffice
died; the driver exits).
stdin, one request a line:  <input path> TAB <output .docx path>.

The driver is its process group's leader (spawned detached); soffice runs in the same group, so
the caller stops everything with one kill of the group. On end of input, when its parent process
is gone (it died without closing the pipe), or when WORK_DIR/stop appears, it shuts soffice down,
deletes WORK_DIR (the caller's temporary folder: the profile and the files in transit) and exits.
"""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

soffice, profile_dir, pipe_name, start_timeout, work_dir = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
if os.getpgid(0) != os.getpid():
    os.setpgid(0, 0)  # our own group, whatever started us: the group kill below must not reach it


proc = None
desktop = None
stopping = threading.Lock()
stopper = None  # the thread stopping everything
pgid = os.getpgid(0)


def group_members():
    """The other processes of this driver's group (oosplash, soffice.bin), from /proc; None without /proc."""
    if not os.path.isdir('/proc/self'):
        return None
    out = []
    for name in os.listdir('/proc'):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open('/proc/%s/stat' % name) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != 'Z':
                out.append(int(name))
        except (OSError, IndexError, ValueError):
            pass
    return out


def listening_sockets(pids):
    """The socket files these processes listen on (LibreOffice's /tmp/OSL_PIPE_* pipes), from /proc."""
    inodes = set()
    for pid in pids:
        try:
            fds = os.listdir('/proc/%d/fd' % pid)
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink('/proc/%d/fd/%s' % (pid, fd))
            except OSError:
                continue
            if link.startswith('socket:['):
                inodes.add(link[8:-1])
    paths = set()
    try:
        with open('/proc/net/unix') as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 8 and parts[6] in inodes and os.path.basename(parts[7]).startswith('OSL_PIPE_'):
                    paths.add(parts[7])
    except OSError:
        pass
    return paths


def stop_everything(code=0, graceful=False):
    """soffice stopped, the work folder deleted, this driver gone; from any thread, once.

    Gracefully (end of input) soffice is asked to terminate, and removes its pipe files itself;
    otherwise, or if it does not within 5 s, it is killed and its pipe files are removed here.
    """
    global stopper
    if not stopping.acquire(blocking=False):
        if stopper != threading.get_ident():
            # Another thread is stopping: wait for it to end the process. Returning would let the
            # main thread run off the end of the script, and interpreter exit kills the daemon
            # thread halfway through its cleanup.
            while True:
                time.sleep(60)
        return  # re-entered (a signal handler on the stopping thread)
    stopper = threading.get_ident()
    try:
        if graceful and desktop is not None and proc is not None and proc.poll() is None:
            t = threading.Thread(target=lambda: desktop.terminate(), daemon=True)
            t.start()
            try:
                proc.wait(timeout=5)
            except Exception:  # noqa: BLE001
                pass
        members = group_members()
        sockets = listening_sockets(members or [])
        sockets.add('/tmp/OSL_PIPE_%d_%s' % (os.getuid(), pipe_name))
        if members is None:
            if proc is not None:
                proc.kill()
            time.sleep(0.5)
        else:
            deadline = time.time() + 3
            while members and time.time() < deadline:
                for pid in members:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                time.sleep(0.05)
                members = group_members()
        for path in sockets:
            try:
                os.unlink(path)
            except OSError:
                pass
        shutil.rmtree(work_dir, ignore_errors=True)
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001
            pass
    finally:
        try:
            os.killpg(pgid, signal.SIGKILL)  # whatever is left of the group, this driver included
        finally:
            os._exit(code)


def say(*parts):
    try:
        sys.stdout.write('\t'.join(' '.join(str(p).split()) for p in parts) + '\n')
        sys.stdout.flush()
    except OSError:  # the caller is gone
        stop_everything(1)


parent = os.getppid()


def watch_parent():
    # Also the caller's way to stop a conversion that hangs: it creates WORK_DIR/stop (a signal
    # would wait for the main thread, which is inside that conversion).
    stop_file = os.path.join(work_dir, 'stop')
    while True:
        time.sleep(0.2)
        if os.getppid() != parent or os.path.exists(stop_file):
            stop_everything(1)


threading.Thread(target=watch_parent, daemon=True).start()
for sig in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(sig, lambda *_: stop_everything(1))

try:
    import uno
    from com.sun.star.beans import PropertyValue
except Exception as e:  # noqa: BLE001
    say('FAIL', 'no-uno', repr(e))
    stop_everything(3)


def pv(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


profile_url = uno.systemPathToFileUrl(os.path.abspath(profile_dir))
# soffice's messages go to a file: a pipe nobody reads would block it once full.
log_path = os.path.join(work_dir, 'soffice.log')
try:
    log = open(log_path, 'wb')
    proc = subprocess.Popen(
        [soffice, '-env:UserInstallation=' + profile_url, '--headless', '--invisible', '--nologo', '--norestore',
         '--nodefault', '--nolockcheck', '--accept=pipe,name=%s;urp;' % pipe_name],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
except OSError as e:
    say('FAIL', 'spawn', e)
    stop_everything(2)

try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    deadline = time.time() + start_timeout
    ctx = None
    while ctx is None:
        try:
            ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe_name)
        except Exception:  # noqa: BLE001
            if proc.poll() is not None:
                with open(log_path, 'rb') as f:
                    err = f.read().decode('utf8', 'replace').strip()
                say('FAIL', 'soffice exited with status %s before accepting connections: %s' % (proc.returncode, err[-300:]))
                stop_everything(2)
            if time.time() > deadline:
                say('FAIL', 'soffice did not accept connections within %g s' % start_timeout)
                stop_everything(2)
            time.sleep(0.05)
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
    detection = smgr.createInstanceWithContext('com.sun.star.document.TypeDetection', ctx)
    filters = smgr.createInstanceWithContext('com.sun.star.document.FilterFactory', ctx)
except Exception as e:  # noqa: BLE001  (anything unforeseen: soffice must not outlive it)
    say('FAIL', 'start: %r' % e)
    stop_everything(2)
say('READY')

# Filters that read any bytes as characters: a file LibreOffice could only open with one of these is
# not a document it understood (random bytes with OLE's magic number come out as garbage "text").
PLAIN = {'Text', 'Text (encoded)', 'Text (StarWriter/Web)'}
LOAD = (pv('ReadOnly', True), pv('MacroExecutionMode', 0), pv('UpdateDocMode', 0))
STORE = (pv('FilterName', 'MS Word 2007 XML'), pv('Overwrite', True))


def prop(props, name):
    return next((p.Value for p in props if p.Name == name), '')


def detect(url):
    """(filter, document service) LibreOffice's deep type detection picks for the file."""
    type_name, desc = detection.queryTypeByDescriptor((pv('URL', url),), True)
    if not type_name:
        return '', ''
    name = prop(desc, 'FilterName') or prop(detection.getByName(type_name), 'PreferredFilter')
    service = prop(filters.getByName(name), 'DocumentService') if name and filters.hasByName(name) else ''
    return name, service


def load(url, name, service):
    """A Writer document is loaded into a bare model, without a frame or a view: no layout, less than
    half the time of loadComponentFromURL; anything else (or a failure) the usual way."""
    if service == 'com.sun.star.text.TextDocument':
        doc = smgr.createInstanceWithContext(service, ctx)
        try:
            doc.load((pv('URL', url), pv('FilterName', name)) + LOAD)
            return doc
        except Exception:  # noqa: BLE001
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001
                pass
    return desktop.loadComponentFromURL(url, '_blank', 0, (pv('Hidden', True),) + LOAD)


def convert(src, dst):
    doc = None
    try:
        url = uno.systemPathToFileUrl(src)
        name, service = detect(url)
        if not name:
            say('ERR', 'LibreOffice does not recognise the file (type detection found no format)')
            return
        if name in PLAIN:
            say('TEXT', name)
            return
        doc = load(url, name, service)
        if doc is None:
            say('ERR', 'LibreOffice could not open it (as %s)' % name)
            return
        doc.storeToURL(uno.systemPathToFileUrl(dst), STORE)
        say('OK', name)
    except Exception as e:  # noqa: BLE001
        kind = type(e).__name__.split('.')[-1]
        message = getattr(e, 'Message', '') or str(e)
        if kind == 'DisposedException' or proc.poll() is not None or 'disposed' in message.lower():
            say('DEAD', kind)
            stop_everything(1)
        say('ERR', '%s: %s' % (kind, message.split(' at ./')[0]))
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001
                pass

try:
    for line in sys.stdin:
        line = line.rstrip('\n')
        if line:
            convert(*line.split('\t', 1))
finally:
    stop_everything(0, graceful=True)  # end of input (the caller closed it or is gone), or anything unexpected
