"""
Resident LibreOffice converter, driven by server/src/extract/soffice.ts.

Starts one headless soffice with a private profile, listening on a private UNO pipe, and converts
files over UNO as they are asked for: one soffice start (about a second) serves a whole run, and
each file costs only its load and save (tens of milliseconds).

    python3 sofficeDriver.py SOFFICE PROFILE_DIR PIPE_NAME START_TIMEOUT_S

stdout, one line each:  READY | FAIL <reason>  once, then per request  OK <filter> |
TEXT <filter> (LibreOffice could read it only as plain text) | ERR <reason> | DEAD <reason> (soffice
died; the driver exits).
stdin, one request a line:  <input path> TAB <output .docx path>.

The driver is its process group's leader (spawned detached); soffice runs in the same group, so
the caller stops everything with one kill of the group. On end of input, or when its parent
process is gone (it died without closing the pipe), it shuts soffice down, deletes the profile and
exits.
"""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

soffice, profile_dir, pipe_name, start_timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
if os.getpgid(0) != os.getpid():
    os.setpgid(0, 0)  # our own group, whatever started us: the group kill below must not reach it


def say(*parts):
    sys.stdout.write('\t'.join(' '.join(str(p).split()) for p in parts) + '\n')
    sys.stdout.flush()


try:
    import uno
    from com.sun.star.beans import PropertyValue
except Exception as e:  # noqa: BLE001
    say('FAIL', 'no-uno', repr(e))
    sys.exit(3)

proc = None
stopping = threading.Lock()


def stop_everything(code=0):
    """soffice down, profile deleted, the whole process group (oosplash, soffice.bin, this driver) gone."""
    if not stopping.acquire(blocking=False):
        return
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pgid = os.getpgid(0)
    try:
        os.killpg(pgid, signal.SIGTERM)
        if proc is not None:
            proc.wait(timeout=3)
    except Exception:  # noqa: BLE001
        pass
    shutil.rmtree(profile_dir, ignore_errors=True)
    try:
        os.killpg(pgid, signal.SIGKILL)
    finally:
        os._exit(code)


parent = os.getppid()


def watch_parent():
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            stop_everything(1)


threading.Thread(target=watch_parent, daemon=True).start()


def pv(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


profile_url = uno.systemPathToFileUrl(os.path.abspath(profile_dir))
try:
    proc = subprocess.Popen(
        [soffice, '-env:UserInstallation=' + profile_url, '--headless', '--invisible', '--nologo', '--norestore',
         '--nodefault', '--nolockcheck', '--accept=pipe,name=%s;urp;' % pipe_name],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
except OSError as e:
    say('FAIL', 'spawn', e)
    stop_everything(2)

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
deadline = time.time() + start_timeout
ctx = None
while ctx is None:
    try:
        ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe_name)
    except Exception:  # noqa: BLE001
        if proc.poll() is not None:
            err = proc.stderr.read().decode('utf8', 'replace').strip()
            say('FAIL', 'soffice exited with status %s before accepting connections: %s' % (proc.returncode, err[-300:]))
            stop_everything(2)
        if time.time() > deadline:
            say('FAIL', 'soffice did not accept connections within %g s' % start_timeout)
            stop_everything(2)
        time.sleep(0.05)
desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
say('READY')

# Filters that read any bytes as characters: a file LibreOffice could only open with one of these is
# not a document it understood (random bytes with OLE's magic number come out as garbage "text").
PLAIN = {'Text', 'Text (encoded)', 'Text (StarWriter/Web)'}
LOAD = (pv('Hidden', True), pv('ReadOnly', True), pv('MacroExecutionMode', 0), pv('UpdateDocMode', 0))
STORE = (pv('FilterName', 'MS Word 2007 XML'), pv('Overwrite', True))

for line in sys.stdin:
    line = line.rstrip('\n')
    if not line:
        continue
    src, dst = line.split('\t')
    doc = None
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), '_blank', 0, LOAD)
        if doc is None:
            say('ERR', 'LibreOffice could not open it')
            continue
        filt = next((a.Value for a in doc.getArgs() if a.Name == 'FilterName'), '')
        if filt in PLAIN:
            say('TEXT', filt)
            continue
        doc.storeToURL(uno.systemPathToFileUrl(dst), STORE)
        say('OK', filt)
    except Exception as e:  # noqa: BLE001
        name = type(e).__name__.split('.')[-1]
        message = getattr(e, 'Message', '') or str(e)
        if name == 'DisposedException' or proc.poll() is not None or 'disposed' in message.lower():
            say('DEAD', name)
            stop_everything(1)
        # "Unsupported URL <…>: type detection failed": no filter recognised the bytes.
        say('ERR', '%s: %s' % (name, message.split(' at ./')[0]))
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001
                pass

stop_everything(0)
