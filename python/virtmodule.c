/* python/virtmodule.c - the CPython 3 binding of virt: module `virt`.
 *
 * libvirt-python's names and argument orders (its generator's nameFixup rule,
 * see ../shared/reference/libvirt-api-history.md section 5), so a script
 * written for libvirt-python runs with `import virt as libvirt`:
 *
 *     import virt as libvirt
 *     conn = libvirt.openReadOnly("test:///default")
 *     dom = conn.lookupByName("test")
 *     print("Domain 0: id %d running %s" % (dom.ID(), dom.OSType()))
 *     print(dom.info())
 *
 * Every function and method documents the C function it wraps on the last
 * line of its docstring ("C: virDomainLookupByName"); tests/test_api.py
 * reads virt.h and fails when a C function has no Python counterpart.
 *
 * Errors raise virt.libvirtError with the virError of the failed call
 * (get_error_code(), get_error_domain(), get_error_message(), ...).
 *
 * Lifetimes: a virDomain holds a C reference on its domain, and the domain
 * holds one on its connection (virt.h's object model), so a domain object
 * keeps working after conn.close(); the closed virConnect object itself
 * then raises VIR_ERR_INVALID_CONN. Each virDomain also keeps its Python
 * virConnect alive, so dom.connect() always answers.
 *
 * Threads: the GIL is released around every call into virt that can wait
 * on a peer (xend, xenstore, hypercalls, event polling).
 *
 * This file is the one translation unit of the module that compiles virt's
 * implementation.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h> /* first: it sets the feature macros libc sees */

#define VIRT_IMPLEMENTATION
#include "virt.h"

#include <limits.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static PyObject *py_libvirt_error;        /* virt.libvirtError */
static PyObject *py_error_handler;        /* registerErrorHandler's f, or NULL */
static PyObject *py_error_ctx;            /* ... and its ctx */
static int py_quiet_errors;               /* >0: errors raised now are expected */

static PyObject *py_str_or_none(const char *s)
{
    if (s) return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
    Py_RETURN_NONE;
}

/* [code, domain, message, level, str1, str2, str3, int1, int2], the list
 * libvirt-python's virGetLastError() returns. */
static PyObject *py_error_list(const virError *err)
{
    return Py_BuildValue("[iiNiNNNii]", err->code, err->domain, py_str_or_none(err->message),
                         (int)err->level, py_str_or_none(err->str1), py_str_or_none(err->str2),
                         py_str_or_none(err->str3), err->int1, err->int2);
}

static void py_raise_with(const char *defmsg, PyObject *errlist)
{
    PyObject *exc = PyObject_CallFunction(py_libvirt_error, "sO", defmsg, errlist);
    if (exc) {
        PyErr_SetObject(py_libvirt_error, exc);
        Py_DECREF(exc);
    }
}

/* Raises libvirtError from the calling thread's last virt error; defmsg
 * ("virDomainSuspend() failed") when virt recorded none. Returns NULL. */
static PyObject *py_raise(const char *defmsg)
{
    virErrorPtr err = virGetLastError();
    PyObject *errlist;
    if (!err) {
        py_raise_with(defmsg, Py_None);
        return NULL;
    }
    errlist = py_error_list(err);
    if (errlist) {
        py_raise_with(defmsg, errlist);
        Py_DECREF(errlist);
    }
    return NULL;
}

/* Raises libvirtError for a bad argument found here, before calling virt,
 * with the same fields virt would fill (VIR_ERR_INVALID_ARG). */
static PyObject *py_raise_arg(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    PyObject *errlist;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    errlist = Py_BuildValue("[iisiOOOii]", VIR_ERR_INVALID_ARG, VIR_FROM_NONE, msg, VIR_ERR_ERROR,
                            Py_None, Py_None, Py_None, 0, 0);
    if (errlist) {
        py_raise_with(msg, errlist);
        Py_DECREF(errlist);
    }
    return NULL;
}

/* virt's global error handler for the whole module: calls the Python
 * handler (f(ctx, errlist)), or prints like virDefaultErrorFunc when none
 * is registered, as libvirt-python does. Runs on whatever thread raised
 * the error, usually with the GIL released by the caller. */
static void py_error_trampoline(void *data, virErrorPtr err)
{
    PyGILState_STATE gil;
    PyObject *errlist, *result;
    (void)data;
    gil = PyGILState_Ensure();
    if (py_quiet_errors > 0) {
        PyGILState_Release(gil);
        return;
    }
    if (!py_error_handler) {
        PyGILState_Release(gil);
        virDefaultErrorFunc(err);
        return;
    }
    errlist = py_error_list(err);
    result = errlist ? PyObject_CallFunctionObjArgs(py_error_handler, py_error_ctx, errlist, NULL) : NULL;
    /* the handler runs inside a C call: its exception cannot propagate */
    if (!result) PyErr_WriteUnraisable(py_error_handler);
    Py_XDECREF(result);
    Py_XDECREF(errlist);
    PyGILState_Release(gil);
}

/* ------------------------------------------------------------------ */
/* Argument helpers                                                     */
/* ------------------------------------------------------------------ */

/* An int that must fit unsigned long (memory sizes, in KiB). */
static int py_to_ulong(PyObject *o, const char *what, unsigned long *out)
{
    unsigned long v;
    if (!PyLong_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", what, Py_TYPE(o)->tp_name);
        return -1;
    }
    v = PyLong_AsUnsignedLong(o);
    if (v == (unsigned long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        py_raise_arg("%s out of range (0 .. %lu)", what, ULONG_MAX);
        return -1;
    }
    *out = v;
    return 0;
}

static int py_to_uint(PyObject *o, const char *what, unsigned int *out)
{
    unsigned long v;
    if (py_to_ulong(o, what, &v) < 0) return -1;
    if (v > UINT_MAX) {
        py_raise_arg("%s out of range (0 .. %u): %lu", what, UINT_MAX, v);
        return -1;
    }
    *out = (unsigned int)v;
    return 0;
}

/* Strings virt allocated: to str, then freed. */
static PyObject *py_take_string(char *s, const char *defmsg)
{
    PyObject *r;
    if (!s) return py_raise(defmsg);
    r = py_str_or_none(s);
    free(s);
    return r;
}

/* ------------------------------------------------------------------ */
/* Types                                                                */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    virConnectPtr conn;       /* NULL once closed */
    int busy;                 /* calls in flight with the GIL released */
    int close_pending;        /* close() came while busy: the last call closes */
    PyObject *event_callbacks;/* list of (cb, opaque) tuples */
    int events_registered;    /* our C callback is registered on conn: 1 with
                               * virt_domain_event_register, 2 with
                               * virConnectDomainEventRegister */
    PyObject *any_ids;        /* set of domainEventRegisterAny callback ids */
    struct PyEventReg *close_reg; /* registerCloseCallback's, owned here */
} PyVirConnect;

typedef struct {
    PyObject_HEAD
    virDomainPtr dom;         /* one C reference */
    PyVirConnect *conn;       /* the Python connection (strong reference) */
} PyVirDomain;

static PyTypeObject PyVirConnect_Type;
static PyTypeObject PyVirDomain_Type;

static PyObject *py_wrap_conn(virConnectPtr c)
{
    PyVirConnect *self = PyObject_New(PyVirConnect, &PyVirConnect_Type);
    if (!self) {
        virConnectClose(c);
        return NULL;
    }
    self->conn = c;
    self->busy = 0;
    self->close_pending = 0;
    self->events_registered = 0;
    self->close_reg = NULL;
    self->any_ids = PySet_New(NULL);
    self->event_callbacks = PyList_New(0);
    if (!self->event_callbacks || !self->any_ids) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

/* Takes over the caller's C reference on d. */
static PyObject *py_wrap_domain(PyVirConnect *conn, virDomainPtr d)
{
    PyVirDomain *self = PyObject_New(PyVirDomain, &PyVirDomain_Type);
    if (!self) {
        virDomainFree(d);
        return NULL;
    }
    self->dom = d;
    Py_INCREF(conn);
    self->conn = conn;
    return (PyObject *)self;
}

static PyObject *py_domain_or_raise(PyVirConnect *conn, virDomainPtr d, const char *defmsg)
{
    if (!d) return py_raise(defmsg);
    return py_wrap_domain(conn, d);
}

/* Calls on a connection pin it: close() while another thread is inside a
 * call on it is deferred to the end of that call, so the C connection is
 * never freed under a running call. Both run with the GIL held. */
static virConnectPtr py_conn_enter(PyVirConnect *self)
{
    if (!self->conn || self->close_pending) return NULL;   /* virt reports INVALID_CONN */
    self->busy++;
    return self->conn;
}
static void py_events_off(PyVirConnect *self);
static void py_any_off(PyVirConnect *self);
static void py_conn_leave(PyVirConnect *self, virConnectPtr c)
{
    if (!c) return;
    self->busy--;
    if (self->busy == 0 && self->close_pending) {
        self->close_pending = 0;
        py_events_off(self);
        py_any_off(self);
        virConnectClose(self->conn);
        self->conn = NULL;
    }
}

#define PY_CALL(stmt)              \
    do {                           \
        Py_BEGIN_ALLOW_THREADS     \
        stmt;                      \
        Py_END_ALLOW_THREADS       \
    } while (0)

/* ------------------------------------------------------------------ */
/* Domain events (virt_domain_event_*)                                  */
/* ------------------------------------------------------------------ */

/* A Python virDomain for the domain of an event, which is only lent for
 * the callback: the binding takes its own reference (virDomainRef, as
 * libvirt-python does), which never dispatches, so it also works for a
 * domain that no longer exists. */
static PyObject *py_event_domain(PyVirConnect *self, virDomainPtr dom)
{
    virDomainPtr ref = virDomainRef(dom) == 0 ? dom : NULL;
    return py_domain_or_raise(self, ref, "cannot reference the event's domain");
}

static void py_event_trampoline(virConnectPtr c, virDomainPtr dom, int event,
                                unsigned long long detail, void *opaque)
{
    PyVirConnect *self = (PyVirConnect *)opaque;
    PyGILState_STATE gil = PyGILState_Ensure();
    PyObject *pydom, *callbacks;
    Py_ssize_t i;
    (void)c;
    pydom = py_event_domain(self, dom);
    /* a snapshot: a callback may deregister itself or others */
    callbacks = pydom ? PySequence_List(self->event_callbacks) : NULL;
    for (i = 0; callbacks && i < PyList_GET_SIZE(callbacks); i++) {
        PyObject *entry = PyList_GET_ITEM(callbacks, i);
        PyObject *r = PyObject_CallFunction(PyTuple_GET_ITEM(entry, 0), "OOiKO", (PyObject *)self, pydom,
                                            event, detail, PyTuple_GET_ITEM(entry, 1));
        if (!r) PyErr_WriteUnraisable(PyTuple_GET_ITEM(entry, 0));
        Py_XDECREF(r);
    }
    if (!pydom || !callbacks) PyErr_WriteUnraisable((PyObject *)self);
    Py_XDECREF(callbacks);
    Py_XDECREF(pydom);
    PyGILState_Release(gil);
}

/* domainEventRegister through libvirt's API (the event loop) */
static int py_event_legacy(virConnectPtr c, virDomainPtr dom, int event, int detail, void *opaque)
{
    py_event_trampoline(c, dom, event, (unsigned long long)detail, opaque);
    return 0;
}

static void py_events_off(PyVirConnect *self)
{
    if (self->events_registered && self->conn) {
        int r;
        py_quiet_errors++;
        if (self->events_registered == 2) r = virConnectDomainEventDeregister(self->conn, py_event_legacy);
        else r = virt_domain_event_deregister(self->conn, py_event_trampoline);
        if (r < 0) virResetLastError();
        py_quiet_errors--;
    }
    self->events_registered = 0;
}

/* ------------------------------------------------------------------ */
/* libvirt's event API: domainEventRegisterAny, the close callback,     */
/* keepalive and liveness (libvirt-python's shapes)                     */
/* ------------------------------------------------------------------ */

/* One registration: the Python connection, callback and opaque, owned
 * by the C library until its free callback runs (at deregistration; with
 * the GIL taken there, since deregistration may run with it released). */
typedef struct PyEventReg {
    PyVirConnect *conn;
    PyObject *cb, *opaque;
} PyEventReg;

static PyEventReg *py_event_reg_new(PyVirConnect *self, PyObject *cb, PyObject *opaque)
{
    PyEventReg *reg;
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "the event callback must be callable");
        return NULL;
    }
    reg = (PyEventReg *)PyMem_RawMalloc(sizeof *reg);
    if (!reg) { PyErr_NoMemory(); return NULL; }
    Py_INCREF(self); Py_INCREF(cb); Py_INCREF(opaque);
    reg->conn = self; reg->cb = cb; reg->opaque = opaque;
    return reg;
}

static void py_event_reg_free(void *opaque)
{
    PyEventReg *reg = (PyEventReg *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    Py_DECREF(reg->cb);
    Py_DECREF(reg->opaque);
    Py_DECREF((PyObject *)reg->conn);
    PyMem_RawFree(reg);
    PyGILState_Release(g);
}

/* cb(conn, dom, event, detail, opaque), as libvirt-python calls it */
static void py_event_lifecycle(virConnectPtr c, virDomainPtr dom, int event, int detail, void *opaque)
{
    PyEventReg *reg = (PyEventReg *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *pydom = py_event_domain(reg->conn, dom), *r = NULL;
    (void)c;
    if (pydom) r = PyObject_CallFunction(reg->cb, "OOiiO", (PyObject *)reg->conn, pydom, event, detail, reg->opaque);
    if (!r) PyErr_Print();      /* as libvirt-python: reported, the loop goes on */
    Py_XDECREF(r);
    Py_XDECREF(pydom);
    PyGILState_Release(g);
}

/* Other event ids: virt's drivers never raise them. */
static void py_event_other(virConnectPtr c, virDomainPtr dom, void *opaque)
{
    (void)c; (void)dom; (void)opaque;
}

static PyObject *conn_domainEventRegisterAny(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"dom", "eventID", "cb", "opaque", NULL};
    PyObject *pydom, *cb, *opaque, *key;
    PyEventReg *reg;
    virDomainPtr dom = NULL;
    virConnectPtr c;
    int event_id, id;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OiOO:domainEventRegisterAny", (char **)kwlist, &pydom, &event_id,
                                     &cb, &opaque))
        return NULL;
    if (pydom != Py_None) {
        if (!PyObject_TypeCheck(pydom, &PyVirDomain_Type)) {
            PyErr_SetString(PyExc_TypeError, "domainEventRegisterAny: dom must be a virDomain or None");
            return NULL;
        }
        dom = ((PyVirDomain *)pydom)->dom;
    }
    if (!(reg = py_event_reg_new(self, cb, opaque))) return NULL;
    c = py_conn_enter(self);
    PY_CALL(id = virConnectDomainEventRegisterAny(
                c, dom, event_id,
                event_id == VIR_DOMAIN_EVENT_ID_LIFECYCLE ? VIR_DOMAIN_EVENT_CALLBACK(py_event_lifecycle)
                                                          : py_event_other,
                reg, py_event_reg_free));
    py_conn_leave(self, c);
    if (id < 0) {
        py_event_reg_free(reg);
        return py_raise("virConnectDomainEventRegisterAny() failed");
    }
    /* remembered, so that close() can deregister what is left */
    key = PyLong_FromLong(id);
    if (!key || PySet_Add(self->any_ids, key) < 0) { Py_XDECREF(key); return NULL; }
    return key;
}

static PyObject *conn_domainEventDeregisterAny(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"callbackID", NULL};
    int id, r;
    PyObject *key;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i:domainEventDeregisterAny", (char **)kwlist, &id)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virConnectDomainEventDeregisterAny(c, id));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectDomainEventDeregisterAny() failed");
    key = PyLong_FromLong(id);
    if (!key || PySet_Discard(self->any_ids, key) < 0) { Py_XDECREF(key); return NULL; }
    Py_DECREF(key);
    Py_RETURN_NONE;             /* as libvirt-python */
}

/* cb(conn, reason, opaque) */
static void py_close_trampoline(virConnectPtr c, int reason, void *opaque)
{
    PyEventReg *reg = (PyEventReg *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *r = PyObject_CallFunction(reg->cb, "OiO", (PyObject *)reg->conn, reason, reg->opaque);
    (void)c;
    if (!r) PyErr_Print();
    Py_XDECREF(r);
    PyGILState_Release(g);
}

/* close() deregisters what the program left registered: the C
 * registrations hold the connection and this object. */
static void py_any_off(PyVirConnect *self)
{
    PyObject *key;
    if (!self->any_ids) return;
    py_quiet_errors++;
    while (self->conn && PySet_GET_SIZE(self->any_ids) > 0 && (key = PySet_Pop(self->any_ids))) {
        if (virConnectDomainEventDeregisterAny(self->conn, (int)PyLong_AsLong(key)) < 0) virResetLastError();
        Py_DECREF(key);
    }
    if (PyErr_Occurred()) PyErr_Clear();
    if (self->close_reg && self->conn &&
        virConnectUnregisterCloseCallback(self->conn, py_close_trampoline) < 0)
        virResetLastError();
    py_quiet_errors--;
    if (self->close_reg) py_event_reg_free(self->close_reg);
    self->close_reg = NULL;
}

static PyObject *conn_registerCloseCallback(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"cb", "opaque", NULL};
    PyObject *cb, *opaque;
    PyEventReg *reg;
    virConnectPtr c;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:registerCloseCallback", (char **)kwlist, &cb, &opaque))
        return NULL;
    if (!(reg = py_event_reg_new(self, cb, opaque))) return NULL;
    /* the binding owns reg (no C free callback): drivers without a peer
     * accept a close callback and never call or free it, as libvirt's */
    c = py_conn_enter(self);
    PY_CALL(r = virConnectRegisterCloseCallback(c, py_close_trampoline, reg, NULL));
    py_conn_leave(self, c);
    if (r < 0) {
        py_event_reg_free(reg);
        return py_raise("virConnectRegisterCloseCallback() failed");
    }
    if (self->close_reg) py_event_reg_free(self->close_reg);   /* a second one on the test driver */
    self->close_reg = reg;
    return PyLong_FromLong(r);
}

static PyObject *conn_unregisterCloseCallback(PyVirConnect *self, PyObject *noargs)
{
    virConnectPtr c = py_conn_enter(self);
    int r;
    (void)noargs;
    PY_CALL(r = virConnectUnregisterCloseCallback(c, py_close_trampoline));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectUnregisterCloseCallback() failed");
    if (self->close_reg) py_event_reg_free(self->close_reg);
    self->close_reg = NULL;
    Py_RETURN_NONE;
}

static PyObject *conn_setKeepAlive(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"interval", "count", NULL};
    int interval, r;
    unsigned int count;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "iI:setKeepAlive", (char **)kwlist, &interval, &count)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virConnectSetKeepAlive(c, interval, count));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectSetKeepAlive() failed");
    return PyLong_FromLong(r);
}

/* isAlive / isEncrypted / isSecure: an int, -1 raises */
static PyObject *py_conn_int(PyVirConnect *self, int (*fn)(virConnectPtr), const char *defmsg)
{
    virConnectPtr c = py_conn_enter(self);
    int r;
    PY_CALL(r = fn(c));
    py_conn_leave(self, c);
    if (r < 0) return py_raise(defmsg);
    return PyLong_FromLong(r);
}
static PyObject *conn_isAlive(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_conn_int(self, virConnectIsAlive, "virConnectIsAlive() failed");
}
static PyObject *conn_isEncrypted(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_conn_int(self, virConnectIsEncrypted, "virConnectIsEncrypted() failed");
}
static PyObject *conn_isSecure(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_conn_int(self, virConnectIsSecure, "virConnectIsSecure() failed");
}

/* ------------------------------------------------------------------ */
/* virConnect                                                           */
/* ------------------------------------------------------------------ */

static void PyVirConnect_dealloc(PyVirConnect *self)
{
    py_events_off(self);
    py_any_off(self);
    if (self->conn) virConnectClose(self->conn);
    Py_XDECREF(self->event_callbacks);
    Py_XDECREF(self->any_ids);
    PyObject_Free(self);
}

static PyObject *PyVirConnect_repr(PyVirConnect *self)
{
    char *uri;
    PyObject *r;
    if (!self->conn) return PyUnicode_FromFormat("<virt.virConnect (closed) at %p>", (void *)self);
    uri = virConnectGetURI(self->conn);
    r = PyUnicode_FromFormat("<virt.virConnect '%s' at %p>", uri ? uri : "?", (void *)self);
    free(uri);
    return r;
}

static PyObject *conn_close(PyVirConnect *self, PyObject *noargs)
{
    int r;
    (void)noargs;
    if (self->conn && self->busy) {      /* another thread is inside a call: */
        self->close_pending = 1;         /* it closes when it returns; new */
        return PyLong_FromLong(0);       /* calls fail with INVALID_CONN */
    }
    py_events_off(self);
    py_any_off(self);
    r = virConnectClose(self->conn);
    if (r < 0) return py_raise("virConnectClose() failed");
    self->conn = NULL;
    return PyLong_FromLong(r);
}

static PyObject *conn_getType(PyVirConnect *self, PyObject *noargs)
{
    const char *t = virConnectGetType(self->conn);
    (void)noargs;
    if (!t) return py_raise("virConnectGetType() failed");
    return py_str_or_none(t);
}

static PyObject *conn_getVersion(PyVirConnect *self, PyObject *noargs)
{
    unsigned long v = 0;
    int r;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(r = virConnectGetVersion(c, &v));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectGetVersion() failed");
    return PyLong_FromUnsignedLong(v);
}

static PyObject *conn_getURI(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    return py_take_string(virConnectGetURI(self->conn), "virConnectGetURI() failed");
}

static PyObject *conn_getHostname(PyVirConnect *self, PyObject *noargs)
{
    char *s;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(s = virConnectGetHostname(c));
    py_conn_leave(self, c);
    return py_take_string(s, "virConnectGetHostname() failed");
}

/* [model, memory MiB, cpus, mhz, nodes, sockets, cores, threads]: MiB, as
 * libvirt-python reports it (the C struct has KiB). */
static PyObject *conn_getInfo(PyVirConnect *self, PyObject *noargs)
{
    virNodeInfo info;
    int r;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(r = virNodeGetInfo(c, &info));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virNodeGetInfo() failed");
    info.model[sizeof info.model - 1] = '\0';
    return Py_BuildValue("[skIIIIII]", info.model, info.memory >> 10, info.cpus, info.mhz, info.nodes,
                         info.sockets, info.cores, info.threads);
}

static PyObject *conn_numOfDomains(PyVirConnect *self, PyObject *noargs)
{
    int n;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(n = virConnectNumOfDomains(c));
    py_conn_leave(self, c);
    if (n < 0) return py_raise("virConnectNumOfDomains() failed");
    return PyLong_FromLong(n);
}

static PyObject *conn_numOfDefinedDomains(PyVirConnect *self, PyObject *noargs)
{
    int n;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(n = virConnectNumOfDefinedDomains(c));
    py_conn_leave(self, c);
    if (n < 0) return py_raise("virConnectNumOfDefinedDomains() failed");
    return PyLong_FromLong(n);
}

static PyObject *conn_listDomainsID(PyVirConnect *self, PyObject *noargs)
{
    int *ids, n, i;
    PyObject *list = NULL;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    ids = (int *)PyMem_Malloc(sizeof *ids * VIRT_MAX_DOMAINS);
    if (!ids) {
        py_conn_leave(self, c);
        return PyErr_NoMemory();
    }
    PY_CALL(n = virConnectListDomains(c, ids, VIRT_MAX_DOMAINS));
    py_conn_leave(self, c);
    if (n < 0) py_raise("virConnectListDomains() failed");
    else if ((list = PyList_New(n)) != NULL) {
        for (i = 0; i < n; i++) {
            PyObject *id = PyLong_FromLong(ids[i]);
            if (!id) { Py_CLEAR(list); break; }
            PyList_SET_ITEM(list, i, id);
        }
    }
    PyMem_Free(ids);
    return list;
}

static PyObject *conn_listDefinedDomains(PyVirConnect *self, PyObject *noargs)
{
    char **names;
    int n, i;
    PyObject *list = NULL;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    names = (char **)PyMem_Calloc(VIRT_MAX_DOMAINS, sizeof *names);
    if (!names) {
        py_conn_leave(self, c);
        return PyErr_NoMemory();
    }
    PY_CALL(n = virConnectListDefinedDomains(c, names, VIRT_MAX_DOMAINS));
    py_conn_leave(self, c);
    if (n < 0) py_raise("virConnectListDefinedDomains() failed");
    else list = PyList_New(0);
    for (i = 0; i < n; i++) {
        if (list) {
            PyObject *s = py_str_or_none(names[i]);
            if (!s || PyList_Append(list, s) < 0) Py_CLEAR(list);
            Py_XDECREF(s);
        }
        free(names[i]);
    }
    PyMem_Free(names);
    return list;
}

static PyObject *conn_create_common(PyVirConnect *self, PyObject *args, PyObject *kwds, int linux_name)
{
    static const char *kwlist[] = {"xmlDesc", "flags", NULL};
    const char *xml;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, linux_name ? "s|O:createLinux" : "s|O:createXML",
                                     (char **)kwlist, &xml, &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    c = py_conn_enter(self);
    if (linux_name) PY_CALL(d = virDomainCreateLinux(c, xml, flags));
    else PY_CALL(d = virDomainCreateXML(c, xml, flags));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, linux_name ? "virDomainCreateLinux() failed" : "virDomainCreateXML() failed");
}

static PyObject *conn_createLinux(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    return conn_create_common(self, args, kwds, 1);
}

static PyObject *conn_createXML(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    return conn_create_common(self, args, kwds, 0);
}

static PyObject *conn_defineXML(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"xml", NULL};
    const char *xml;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:defineXML", (char **)kwlist, &xml)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainDefineXML(c, xml));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainDefineXML() failed");
}

/* virConnectDomainXMLFromNative / ToNative: (format, text, flags=0) -> str */
static PyObject *conn_native(PyVirConnect *self, PyObject *args, PyObject *kwds, int to_native)
{
    static const char *kw_from[] = {"nativeFormat", "nativeConfig", "flags", NULL};
    static const char *kw_to[] = {"nativeFormat", "domainXml", "flags", NULL};
    const char *format, *text;
    unsigned int flags = 0;
    char *s;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, to_native ? "ss|I:domainXMLToNative" : "ss|I:domainXMLFromNative",
                                     (char **)(to_native ? kw_to : kw_from), &format, &text, &flags))
        return NULL;
    c = py_conn_enter(self);
    PY_CALL(s = to_native ? virConnectDomainXMLToNative(c, format, text, flags)
                          : virConnectDomainXMLFromNative(c, format, text, flags));
    py_conn_leave(self, c);
    return py_take_string(s, to_native ? "virConnectDomainXMLToNative() failed" : "virConnectDomainXMLFromNative() failed");
}

static PyObject *conn_domainXMLFromNative(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    return conn_native(self, args, kwds, 0);
}

static PyObject *conn_domainXMLToNative(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    return conn_native(self, args, kwds, 1);
}

static PyObject *conn_lookupByName(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"name", NULL};
    const char *name;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:lookupByName", (char **)kwlist, &name)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByName(c, name));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainLookupByName() failed");
}

static PyObject *conn_lookupByID(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"id", NULL};
    int id;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i:lookupByID", (char **)kwlist, &id)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByID(c, id));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainLookupByID() failed");
}

static PyObject *conn_lookupByUUID(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"uuid", NULL};
    Py_buffer uuid;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "y*:lookupByUUID", (char **)kwlist, &uuid)) return NULL;
    if (uuid.len != VIRT_UUID_BUFLEN) {
        Py_ssize_t len = uuid.len;
        PyBuffer_Release(&uuid);
        return py_raise_arg("virDomainLookupByUUID: a UUID is %d bytes, not %zd", VIRT_UUID_BUFLEN, len);
    }
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByUUID(c, (const unsigned char *)uuid.buf));
    py_conn_leave(self, c);
    PyBuffer_Release(&uuid);
    return py_domain_or_raise(self, d, "virDomainLookupByUUID() failed");
}

static PyObject *conn_lookupByUUIDString(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"uuidstr", NULL};
    const char *uuid;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:lookupByUUIDString", (char **)kwlist, &uuid)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainLookupByUUIDString(c, uuid));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainLookupByUUIDString() failed");
}

static PyObject *conn_restore(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"frm", NULL};
    const char *from;
    int r;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:restore", (char **)kwlist, &from)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virDomainRestore(c, from));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virDomainRestore() failed");
    return PyLong_FromLong(r);
}

static PyObject *conn_restoreFlags(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"frm", "dxml", "flags", NULL};
    const char *from, *dxml = NULL;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    int r;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|zO:restoreFlags", (char **)kwlist, &from, &dxml, &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virDomainRestoreFlags(c, from, dxml, flags));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virDomainRestoreFlags() failed");
    return PyLong_FromLong(r);
}

/* libvirt-python's saveImageGetXMLDesc(file, flags=0) -> str */
static PyObject *conn_saveImageGetXMLDesc(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"file", "flags", NULL};
    const char *file;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    char *xml;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|O:saveImageGetXMLDesc", (char **)kwlist, &file, &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    c = py_conn_enter(self);
    PY_CALL(xml = virDomainSaveImageGetXMLDesc(c, file, flags));
    py_conn_leave(self, c);
    return py_take_string(xml, "virDomainSaveImageGetXMLDesc() failed");
}

/* libvirt-python's saveImageDefineXML(file, dxml, flags=0) -> 0 */
static PyObject *conn_saveImageDefineXML(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"file", "dxml", "flags", NULL};
    const char *file, *dxml;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    int r;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ss|O:saveImageDefineXML", (char **)kwlist, &file, &dxml,
                                     &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virDomainSaveImageDefineXML(c, file, dxml, flags));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virDomainSaveImageDefineXML() failed");
    return PyLong_FromLong(r);
}

static PyObject *conn_virConnGetLastError(PyVirConnect *self, PyObject *noargs)
{
    virError copy;
    PyObject *r;
    (void)noargs;
    memset(&copy, 0, sizeof copy);
    /* a copy: another thread may raise on this connection meanwhile */
    if (virConnCopyLastError(self->conn, &copy) <= 0) {
        virResetError(&copy);
        Py_RETURN_NONE;
    }
    r = py_error_list(&copy);
    virResetError(&copy);
    return r;
}

static PyObject *conn_virConnResetLastError(PyVirConnect *self, PyObject *noargs)
{
    (void)noargs;
    virConnResetLastError(self->conn);
    Py_RETURN_NONE;
}

static PyObject *conn_domainEventRegister(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"cb", "opaque", NULL};
    PyObject *cb, *opaque, *entry;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:domainEventRegister", (char **)kwlist, &cb, &opaque)) return NULL;
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "domainEventRegister: the callback must be callable");
        return NULL;
    }
    if (!self->events_registered) {
        int r;
        virConnectPtr c = py_conn_enter(self);
        /* libvirt's legacy API, delivered by the event loop; without a
         * loop registered, virt's own (delivered by domainEventPoll) */
        py_quiet_errors++;
        PY_CALL(r = virConnectDomainEventRegister(c, py_event_legacy, self, NULL));
        py_quiet_errors--;
        if (r == 0) {
            self->events_registered = 2;
        } else {
            virResetLastError();
            PY_CALL(r = virt_domain_event_register(c, py_event_trampoline, self));
            if (r == 0) self->events_registered = 1;
        }
        py_conn_leave(self, c);
        if (r < 0) return py_raise("virt_domain_event_register() failed");
    }
    entry = PyTuple_Pack(2, cb, opaque);
    if (!entry || PyList_Append(self->event_callbacks, entry) < 0) {
        Py_XDECREF(entry);
        return NULL;
    }
    Py_DECREF(entry);
    Py_RETURN_NONE;             /* libvirt-python's returns None */
}

static PyObject *conn_domainEventDeregister(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"cb", NULL};
    PyObject *cb;
    Py_ssize_t i;
    int found = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:domainEventDeregister", (char **)kwlist, &cb)) return NULL;
    for (i = PyList_GET_SIZE(self->event_callbacks) - 1; i >= 0; i--) {
        PyObject *entry = PyList_GET_ITEM(self->event_callbacks, i);
        int same = PyObject_RichCompareBool(PyTuple_GET_ITEM(entry, 0), cb, Py_EQ);
        if (same < 0) return NULL;
        if (same) {
            if (PySequence_DelItem(self->event_callbacks, i) < 0) return NULL;
            found = 1;
        }
    }
    if (!found) return py_raise_arg("domainEventDeregister: that callback is not registered");
    if (PyList_GET_SIZE(self->event_callbacks) == 0) py_events_off(self);
    Py_RETURN_NONE;
}

static PyObject *conn_domainEventPoll(PyVirConnect *self, PyObject *args)
{
    int timeout_ms = 0, n;
    virConnectPtr c;
    if (!PyArg_ParseTuple(args, "|i:domainEventPoll", &timeout_ms)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(n = virt_domain_event_poll(c, timeout_ms));
    py_conn_leave(self, c);
    if (PyErr_Occurred()) return NULL;
    if (n < 0) return py_raise("virt_domain_event_poll() failed");
    return PyLong_FromLong(n);
}

#define NOARGS(f) (PyCFunction)(void (*)(void))(f), METH_NOARGS
#define VARARGS(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS
#define KWARGS(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

/* defined with the issue-11 calls, after the module functions */
static PyObject *conn_getLibVersion(PyVirConnect *self, PyObject *noargs);
static PyObject *conn_getCapabilities(PyVirConnect *self, PyObject *noargs);
static PyObject *conn_getMaxVcpus(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *conn_getFreeMemory(PyVirConnect *self, PyObject *noargs);
static PyObject *conn_getCellsFreeMemory(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *dom_maxVcpus(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_vcpusFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_setVcpusFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_autostart(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_setAutostart(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_schedulerType(PyVirDomain *self, PyObject *noargs);
/* defined with the issue-11 Python calls, at the end */
static PyObject *conn_listAllDomains(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *conn_defineXMLFlags(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *conn_getCPUMap(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *dom_isActive(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_isPersistent(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_isUpdated(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_state(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_createWithFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_undefineFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_shutdownFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_destroyFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_managedSave(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_hasManagedSaveImage(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_managedSaveRemove(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_rename(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_vcpus(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_vcpuPinInfo(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_pinVcpu(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_pinVcpuFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_schedulerParameters(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_schedulerParametersFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_setSchedulerParameters(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_setSchedulerParametersFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_migrate(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_migrateToURI(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_migrateToURI2(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_migrateToURI3(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_migrate3(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_interfaceAddresses(PyVirDomain *self, PyObject *args, PyObject *kwds);
/* defined with the issue-11 phase-3 Python calls, at the end */
static PyObject *conn_getCPUStats(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *conn_getMemoryStats(PyVirConnect *self, PyObject *args, PyObject *kwds);
static PyObject *dom_coreDump(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_coreDumpWithFormat(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_attachDevice(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_attachDeviceFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_detachDevice(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_detachDeviceFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_blockStats(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_interfaceStats(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_memoryStats(PyVirDomain *self, PyObject *noargs);
static PyObject *dom_getCPUStats(PyVirDomain *self, PyObject *args, PyObject *kwds);
static PyObject *dom_setMemoryFlags(PyVirDomain *self, PyObject *args, PyObject *kwds);

static PyMethodDef PyVirConnect_methods[] = {
    {"close", NOARGS(conn_close),
     "close() -> int\n\nDrops this connection; domain objects keep it open until freed. Returns\n"
     "the references left (0: closed).\n\nC: virConnectClose"},
    {"getType", NOARGS(conn_getType), "getType() -> str\n\nC: virConnectGetType"},
    {"getCapabilities", NOARGS(conn_getCapabilities), "getCapabilities() -> str\n\nC: virConnectGetCapabilities"},
    {"getMaxVcpus", KWARGS(conn_getMaxVcpus), "getMaxVcpus(type) -> int\n\nC: virConnectGetMaxVcpus"},
    {"getFreeMemory", NOARGS(conn_getFreeMemory), "getFreeMemory() -> bytes\n\nC: virNodeGetFreeMemory"},
    {"getCellsFreeMemory", KWARGS(conn_getCellsFreeMemory),
     "getCellsFreeMemory(startCell, maxCells) -> [bytes, ...]\n\nC: virNodeGetCellsFreeMemory"},
    {"getCPUMap", KWARGS(conn_getCPUMap),
     "getCPUMap(flags=0) -> (cpus, [online, ...], number online)\n\nC: virNodeGetCPUMap"},
    {"listAllDomains", KWARGS(conn_listAllDomains),
     "listAllDomains(flags=0) -> [virDomain, ...]\n\nflags: VIR_CONNECT_LIST_DOMAINS_* filters.\n\n"
     "C: virConnectListAllDomains"},
    {"defineXMLFlags", KWARGS(conn_defineXMLFlags),
     "defineXMLFlags(xml, flags=0) -> virDomain\n\nC: virDomainDefineXMLFlags"},
    {"getCPUStats", KWARGS(conn_getCPUStats),
     "getCPUStats(cpuNum, flags=0) -> {name: value}\n\ncpuNum: a CPU, or VIR_NODE_CPU_STATS_ALL_CPUS.\n\n"
     "C: virNodeGetCPUStats"},
    {"getMemoryStats", KWARGS(conn_getMemoryStats),
     "getMemoryStats(cellNum, flags=0) -> {name: value}\n\ncellNum: a cell, or VIR_NODE_MEMORY_STATS_ALL_CELLS.\n\n"
     "C: virNodeGetMemoryStats"},
    {"getLibVersion", NOARGS(conn_getLibVersion),
     "getLibVersion() -> int (virt's version)\n\nC: virConnectGetLibVersion"},
    {"getVersion", NOARGS(conn_getVersion),
     "getVersion() -> int\n\nThe hypervisor's version, major * 1000000 + minor * 1000 + micro.\n\n"
     "C: virConnectGetVersion"},
    {"getURI", NOARGS(conn_getURI), "getURI() -> str\n\nC: virConnectGetURI"},
    {"getHostname", NOARGS(conn_getHostname), "getHostname() -> str\n\nC: virConnectGetHostname"},
    {"getInfo", NOARGS(conn_getInfo),
     "getInfo() -> [model, memory MiB, cpus, mhz, nodes, sockets, cores, threads]\n\nC: virNodeGetInfo"},
    {"listDomainsID", NOARGS(conn_listDomainsID),
     "listDomainsID() -> list of the running domains' ids\n\nC: virConnectListDomains"},
    {"numOfDomains", NOARGS(conn_numOfDomains), "numOfDomains() -> int\n\nC: virConnectNumOfDomains"},
    {"listDefinedDomains", NOARGS(conn_listDefinedDomains),
     "listDefinedDomains() -> list of the inactive domains' names\n\nC: virConnectListDefinedDomains"},
    {"numOfDefinedDomains", NOARGS(conn_numOfDefinedDomains),
     "numOfDefinedDomains() -> int\n\nC: virConnectNumOfDefinedDomains"},
    {"createLinux", KWARGS(conn_createLinux),
     "createLinux(xmlDesc, flags=0) -> virDomain\n\nCreates and starts a transient domain.\n\n"
     "C: virDomainCreateLinux"},
    {"createXML", KWARGS(conn_createXML), "createXML(xmlDesc, flags=0) -> virDomain\n\nC: virDomainCreateXML"},
    {"defineXML", KWARGS(conn_defineXML), "defineXML(xml) -> virDomain\n\nC: virDomainDefineXML"},
    {"domainXMLFromNative", KWARGS(conn_domainXMLFromNative),
     "domainXMLFromNative(nativeFormat, nativeConfig, flags=0) -> str\n\nC: virConnectDomainXMLFromNative"},
    {"domainXMLToNative", KWARGS(conn_domainXMLToNative),
     "domainXMLToNative(nativeFormat, domainXml, flags=0) -> str\n\nC: virConnectDomainXMLToNative"},
    {"lookupByName", KWARGS(conn_lookupByName), "lookupByName(name) -> virDomain\n\nC: virDomainLookupByName"},
    {"lookupByID", KWARGS(conn_lookupByID), "lookupByID(id) -> virDomain\n\nC: virDomainLookupByID"},
    {"lookupByUUID", KWARGS(conn_lookupByUUID),
     "lookupByUUID(uuid) -> virDomain\n\nuuid: 16 bytes.\n\nC: virDomainLookupByUUID"},
    {"lookupByUUIDString", KWARGS(conn_lookupByUUIDString),
     "lookupByUUIDString(uuidstr) -> virDomain\n\nC: virDomainLookupByUUIDString"},
    {"restore", KWARGS(conn_restore), "restore(frm) -> 0\n\nC: virDomainRestore"},
    {"restoreFlags", KWARGS(conn_restoreFlags),
     "restoreFlags(frm, dxml=None, flags=0) -> 0\n\nC: virDomainRestoreFlags"},
    {"saveImageGetXMLDesc", KWARGS(conn_saveImageGetXMLDesc),
     "saveImageGetXMLDesc(file, flags=0) -> str\n\nC: virDomainSaveImageGetXMLDesc"},
    {"saveImageDefineXML", KWARGS(conn_saveImageDefineXML),
     "saveImageDefineXML(file, dxml, flags=0) -> 0\n\nC: virDomainSaveImageDefineXML"},
    {"virConnGetLastError", NOARGS(conn_virConnGetLastError),
     "virConnGetLastError() -> error list or None\n\nC: virConnGetLastError"},
    {"virConnResetLastError", NOARGS(conn_virConnResetLastError),
     "virConnResetLastError()\n\nC: virConnResetLastError"},
    {"domainEventRegister", KWARGS(conn_domainEventRegister),
     "domainEventRegister(cb, opaque) -> None\n\n"
     "cb(conn, dom, event, detail, opaque) runs from the event loop once one is registered\n"
     "(virEventRegisterDefaultImpl), else (virt_domain_event_register) from domainEventPoll().\n\n"
     "C: virConnectDomainEventRegister"},
    {"domainEventDeregister", KWARGS(conn_domainEventDeregister),
     "domainEventDeregister(cb) -> None\n\nC: virConnectDomainEventDeregister"},
    {"domainEventRegisterAny", KWARGS(conn_domainEventRegisterAny),
     "domainEventRegisterAny(dom, eventID, cb, opaque) -> callback id\n\n"
     "cb(conn, dom, event, detail, opaque) runs from the event loop (VIR_DOMAIN_EVENT_ID_LIFECYCLE;\n"
     "other ids register and never fire). dom None: every domain.\n\nC: virConnectDomainEventRegisterAny"},
    {"domainEventDeregisterAny", KWARGS(conn_domainEventDeregisterAny),
     "domainEventDeregisterAny(callbackID) -> None\n\nC: virConnectDomainEventDeregisterAny"},
    {"registerCloseCallback", KWARGS(conn_registerCloseCallback),
     "registerCloseCallback(cb, opaque) -> 0\n\ncb(conn, reason, opaque) runs from the event loop when "
     "the daemon's connection dies.\n\nC: virConnectRegisterCloseCallback"},
    {"unregisterCloseCallback", NOARGS(conn_unregisterCloseCallback),
     "unregisterCloseCallback() -> None\n\nC: virConnectUnregisterCloseCallback"},
    {"setKeepAlive", KWARGS(conn_setKeepAlive),
     "setKeepAlive(interval, count) -> 0 (1: the daemon lacks keepalive)\n\nC: virConnectSetKeepAlive"},
    {"isAlive", NOARGS(conn_isAlive), "isAlive() -> 1 or 0\n\nC: virConnectIsAlive"},
    {"isEncrypted", NOARGS(conn_isEncrypted), "isEncrypted() -> 1 or 0\n\nC: virConnectIsEncrypted"},
    {"isSecure", NOARGS(conn_isSecure), "isSecure() -> 1 or 0\n\nC: virConnectIsSecure"},
    {"domainEventPoll", VARARGS(conn_domainEventPoll),
     "domainEventPoll(timeout_ms=0) -> number of events delivered\n\n"
     "Waits up to timeout_ms (-1: no limit) and calls the callbacks on this thread.\n\n"
     "C: virt_domain_event_poll"},
    {NULL, NULL, 0, NULL}
};

/* ------------------------------------------------------------------ */
/* virDomain                                                            */
/* ------------------------------------------------------------------ */

static void PyVirDomain_dealloc(PyVirDomain *self)
{
    if (self->dom) virDomainFree(self->dom);
    Py_XDECREF(self->conn);
    PyObject_Free(self);
}

static PyObject *PyVirDomain_repr(PyVirDomain *self)
{
    return PyUnicode_FromFormat("<virt.virDomain '%s' at %p>", virDomainGetName(self->dom), (void *)self);
}

/* The same domain looked up twice is the same C object (virt.h). */
static PyObject *PyVirDomain_richcompare(PyObject *a, PyObject *b, int op)
{
    int same;
    if (!PyObject_TypeCheck(b, &PyVirDomain_Type) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    same = ((PyVirDomain *)a)->dom == ((PyVirDomain *)b)->dom;
    if ((op == Py_EQ) == same) Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

static Py_hash_t PyVirDomain_hash(PyVirDomain *self)
{
    Py_hash_t h = (Py_hash_t)((uintptr_t)self->dom >> 4);   /* allocations are aligned */
    return h == -1 ? -2 : h;
}

/* Body of the domain methods that return 0 or raise. */
#define PY_DOMAIN_INT_CALL(self, call, defmsg)              \
    do {                                                    \
        int py_r_;                                          \
        PY_CALL(py_r_ = (call));                            \
        if (py_r_ < 0) return py_raise(defmsg);             \
        return PyLong_FromLong(py_r_);                      \
    } while (0)

static PyObject *dom_suspend(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainSuspend(self->dom), "virDomainSuspend() failed");
}
static PyObject *dom_resume(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainResume(self->dom), "virDomainResume() failed");
}
static PyObject *dom_destroy(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainDestroy(self->dom), "virDomainDestroy() failed");
}
static PyObject *dom_shutdown(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainShutdown(self->dom), "virDomainShutdown() failed");
}
static PyObject *dom_create(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainCreate(self->dom), "virDomainCreate() failed");
}
static PyObject *dom_undefine(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    PY_DOMAIN_INT_CALL(self, virDomainUndefine(self->dom), "virDomainUndefine() failed");
}

static PyObject *dom_reboot(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:reboot", (char **)kwlist, &flags_obj)) return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainReboot(self->dom, flags), "virDomainReboot() failed");
}

static PyObject *dom_save(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"to", NULL};
    const char *to;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:save", (char **)kwlist, &to)) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSave(self->dom, to), "virDomainSave() failed");
}

static PyObject *dom_saveFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"to", "dxml", "flags", NULL};
    const char *to, *dxml = NULL;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|zO:saveFlags", (char **)kwlist, &to, &dxml, &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSaveFlags(self->dom, to, dxml, flags), "virDomainSaveFlags() failed");
}

static PyObject *dom_setMemoryStatsPeriod(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"period", "flags", NULL};
    int period;
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i|O:setMemoryStatsPeriod", (char **)kwlist, &period, &flags_obj))
        return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetMemoryStatsPeriod(self->dom, period, flags),
                       "virDomainSetMemoryStatsPeriod() failed");
}

static PyObject *dom_setMemory(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"memory", NULL};
    PyObject *arg;
    unsigned long kib;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:setMemory", (char **)kwlist, &arg)) return NULL;
    if (py_to_ulong(arg, "memory", &kib) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetMemory(self->dom, kib), "virDomainSetMemory() failed");
}

static PyObject *dom_setMaxMemory(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"memory", NULL};
    PyObject *arg;
    unsigned long kib;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:setMaxMemory", (char **)kwlist, &arg)) return NULL;
    if (py_to_ulong(arg, "memory", &kib) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetMaxMemory(self->dom, kib), "virDomainSetMaxMemory() failed");
}

static PyObject *dom_setVcpus(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"nvcpus", NULL};
    PyObject *arg;
    unsigned int n;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:setVcpus", (char **)kwlist, &arg)) return NULL;
    if (py_to_uint(arg, "nvcpus", &n) < 0) return NULL;
    PY_DOMAIN_INT_CALL(self, virDomainSetVcpus(self->dom, n), "virDomainSetVcpus() failed");
}

/* [state, maxMem KiB, memory KiB, nrVirtCpu, cpuTime ns], libvirt-python's list */
static PyObject *dom_info(PyVirDomain *self, PyObject *noargs)
{
    virDomainInfo info;
    int r;
    (void)noargs;
    PY_CALL(r = virDomainGetInfo(self->dom, &info));
    if (r < 0) return py_raise("virDomainGetInfo() failed");
    return Py_BuildValue("[ikkiK]", (int)info.state, info.maxMem, info.memory, (int)info.nrVirtCpu,
                         info.cpuTime);
}

static PyObject *dom_name(PyVirDomain *self, PyObject *noargs)
{
    const char *n = virDomainGetName(self->dom);
    (void)noargs;
    if (!n) return py_raise("virDomainGetName() failed");
    return py_str_or_none(n);
}

/* -1 for an inactive domain, as libvirt-python; an error raises. */
static PyObject *dom_ID(PyVirDomain *self, PyObject *noargs)
{
    unsigned int id;
    (void)noargs;
    virResetLastError();
    id = virDomainGetID(self->dom);
    if (id == (unsigned int)-1 && virGetLastError()) return py_raise("virDomainGetID() failed");
    return PyLong_FromLong(id == (unsigned int)-1 ? -1L : (long)id);
}

static PyObject *dom_UUID(PyVirDomain *self, PyObject *noargs)
{
    unsigned char uuid[VIRT_UUID_BUFLEN];
    (void)noargs;
    if (virDomainGetUUID(self->dom, uuid) < 0) return py_raise("virDomainGetUUID() failed");
    return PyBytes_FromStringAndSize((const char *)uuid, VIRT_UUID_BUFLEN);
}

static PyObject *dom_UUIDString(PyVirDomain *self, PyObject *noargs)
{
    char buf[VIRT_UUID_STRING_BUFLEN];
    (void)noargs;
    if (virDomainGetUUIDString(self->dom, buf) < 0) return py_raise("virDomainGetUUIDString() failed");
    return py_str_or_none(buf);
}

static PyObject *dom_OSType(PyVirDomain *self, PyObject *noargs)
{
    char *s;
    (void)noargs;
    PY_CALL(s = virDomainGetOSType(self->dom));
    return py_take_string(s, "virDomainGetOSType() failed");
}

static PyObject *dom_maxMemory(PyVirDomain *self, PyObject *noargs)
{
    unsigned long kib;
    (void)noargs;
    PY_CALL(kib = virDomainGetMaxMemory(self->dom));
    if (kib == 0) return py_raise("virDomainGetMaxMemory() failed");
    return PyLong_FromUnsignedLong(kib);
}

static PyObject *dom_XMLDesc(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    PyObject *flags_obj = NULL;
    unsigned int flags = 0;
    char *s;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:XMLDesc", (char **)kwlist, &flags_obj)) return NULL;
    if (flags_obj && py_to_uint(flags_obj, "flags", &flags) < 0) return NULL;
    PY_CALL(s = virDomainGetXMLDesc(self->dom, flags));
    return py_take_string(s, "virDomainGetXMLDesc() failed");
}

static PyObject *dom_connect(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    if (!virDomainGetConnect(self->dom)) return py_raise("virDomainGetConnect() failed");
    Py_INCREF(self->conn);
    return (PyObject *)self->conn;
}

static PyMethodDef PyVirDomain_methods[] = {
    {"ID", NOARGS(dom_ID), "ID() -> int (-1 when inactive)\n\nC: virDomainGetID"},
    {"name", NOARGS(dom_name), "name() -> str\n\nC: virDomainGetName"},
    {"UUID", NOARGS(dom_UUID), "UUID() -> 16 bytes\n\nC: virDomainGetUUID"},
    {"UUIDString", NOARGS(dom_UUIDString), "UUIDString() -> str\n\nC: virDomainGetUUIDString"},
    {"OSType", NOARGS(dom_OSType), "OSType() -> str\n\nC: virDomainGetOSType"},
    {"info", NOARGS(dom_info),
     "info() -> [state, maxMem KiB, memory KiB, nrVirtCpu, cpuTime ns]\n\nC: virDomainGetInfo"},
    {"maxMemory", NOARGS(dom_maxMemory), "maxMemory() -> KiB\n\nC: virDomainGetMaxMemory"},
    {"maxVcpus", NOARGS(dom_maxVcpus), "maxVcpus() -> int\n\nC: virDomainGetMaxVcpus"},
    {"vcpusFlags", KWARGS(dom_vcpusFlags), "vcpusFlags(flags=0) -> int\n\nC: virDomainGetVcpusFlags"},
    {"setVcpusFlags", KWARGS(dom_setVcpusFlags),
     "setVcpusFlags(nvcpus, flags=0) -> 0\n\nC: virDomainSetVcpusFlags"},
    {"autostart", NOARGS(dom_autostart), "autostart() -> 0 or 1\n\nC: virDomainGetAutostart"},
    {"setAutostart", KWARGS(dom_setAutostart), "setAutostart(autostart) -> 0\n\nC: virDomainSetAutostart"},
    {"schedulerType", NOARGS(dom_schedulerType),
     "schedulerType() -> (name, nparams)\n\nC: virDomainGetSchedulerType"},
    {"schedulerParameters", NOARGS(dom_schedulerParameters),
     "schedulerParameters() -> {name: value}\n\nC: virDomainGetSchedulerParameters"},
    {"schedulerParametersFlags", KWARGS(dom_schedulerParametersFlags),
     "schedulerParametersFlags(flags=0) -> {name: value}\n\nC: virDomainGetSchedulerParametersFlags"},
    {"setSchedulerParameters", KWARGS(dom_setSchedulerParameters),
     "setSchedulerParameters(params) -> 0\n\nparams: {name: value} of the scheduler's parameters.\n\n"
     "C: virDomainSetSchedulerParameters"},
    {"setSchedulerParametersFlags", KWARGS(dom_setSchedulerParametersFlags),
     "setSchedulerParametersFlags(params, flags=0) -> 0\n\nC: virDomainSetSchedulerParametersFlags"},
    {"isActive", NOARGS(dom_isActive), "isActive() -> 0 or 1\n\nC: virDomainIsActive"},
    {"isPersistent", NOARGS(dom_isPersistent), "isPersistent() -> 0 or 1\n\nC: virDomainIsPersistent"},
    {"isUpdated", NOARGS(dom_isUpdated), "isUpdated() -> 0 or 1\n\nC: virDomainIsUpdated"},
    {"state", KWARGS(dom_state), "state(flags=0) -> [state, reason]\n\nC: virDomainGetState"},
    {"createWithFlags", KWARGS(dom_createWithFlags),
     "createWithFlags(flags=0) -> 0\n\nC: virDomainCreateWithFlags"},
    {"undefineFlags", KWARGS(dom_undefineFlags), "undefineFlags(flags=0) -> 0\n\nC: virDomainUndefineFlags"},
    {"shutdownFlags", KWARGS(dom_shutdownFlags), "shutdownFlags(flags=0) -> 0\n\nC: virDomainShutdownFlags"},
    {"destroyFlags", KWARGS(dom_destroyFlags), "destroyFlags(flags=0) -> 0\n\nC: virDomainDestroyFlags"},
    {"managedSave", KWARGS(dom_managedSave), "managedSave(flags=0) -> 0\n\nC: virDomainManagedSave"},
    {"hasManagedSaveImage", KWARGS(dom_hasManagedSaveImage),
     "hasManagedSaveImage(flags=0) -> 0 or 1\n\nC: virDomainHasManagedSaveImage"},
    {"managedSaveRemove", KWARGS(dom_managedSaveRemove),
     "managedSaveRemove(flags=0) -> 0\n\nC: virDomainManagedSaveRemove"},
    {"rename", KWARGS(dom_rename),
     "rename(new_name, flags=0) -> 0\n\nThis object keeps the old name, as in libvirt.\n\nC: virDomainRename"},
    {"vcpus", NOARGS(dom_vcpus),
     "vcpus() -> ([(number, state, cpuTime, cpu), ...], [(bool per host CPU), ...])\n\nC: virDomainGetVcpus"},
    {"vcpuPinInfo", KWARGS(dom_vcpuPinInfo),
     "vcpuPinInfo(flags=0) -> [(bool per host CPU), ...]\n\nC: virDomainGetVcpuPinInfo"},
    {"pinVcpu", KWARGS(dom_pinVcpu),
     "pinVcpu(vcpu, cpumap) -> 0\n\ncpumap: a tuple of truth values, one per host CPU.\n\nC: virDomainPinVcpu"},
    {"pinVcpuFlags", KWARGS(dom_pinVcpuFlags),
     "pinVcpuFlags(vcpu, cpumap, flags=0) -> 0\n\nC: virDomainPinVcpuFlags"},
    {"migrate", KWARGS(dom_migrate),
     "migrate(dconn, flags=0, dname=None, uri=None, bandwidth=0) -> virDomain of dconn\n\nC: virDomainMigrate"},
    {"migrateToURI", KWARGS(dom_migrateToURI),
     "migrateToURI(duri, flags=0, dname=None, bandwidth=0) -> 0\n\nC: virDomainMigrateToURI"},
    {"migrateToURI2", KWARGS(dom_migrateToURI2),
     "migrateToURI2(dconnuri=None, miguri=None, dxml=None, flags=0, dname=None, bandwidth=0) -> 0\n\n"
     "C: virDomainMigrateToURI2"},
    {"migrate3", KWARGS(dom_migrate3),
     "migrate3(dconn, params, flags=0) -> virDomain of dconn\n\nparams: {VIR_MIGRATE_PARAM_* name: value}.\n\n"
     "C: virDomainMigrate3"},
    {"migrateToURI3", KWARGS(dom_migrateToURI3),
     "migrateToURI3(dconnuri, params, flags=0) -> 0\n\nparams: {VIR_MIGRATE_PARAM_* name: value}.\n\n"
     "C: virDomainMigrateToURI3"},
    {"interfaceAddresses", KWARGS(dom_interfaceAddresses),
     "interfaceAddresses(source, flags=0) -> {name: {'hwaddr': str, 'addrs': [{'type', 'addr', 'prefix'}]}}\n\n"
     "source: VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_*.\n\nC: virDomainInterfaceAddresses"},
    {"coreDump", KWARGS(dom_coreDump), "coreDump(to, flags=0) -> 0\n\nC: virDomainCoreDump"},
    {"coreDumpWithFormat", KWARGS(dom_coreDumpWithFormat),
     "coreDumpWithFormat(to, dumpformat, flags=0) -> 0\n\nC: virDomainCoreDumpWithFormat"},
    {"attachDevice", KWARGS(dom_attachDevice), "attachDevice(xml) -> 0\n\nC: virDomainAttachDevice"},
    {"attachDeviceFlags", KWARGS(dom_attachDeviceFlags),
     "attachDeviceFlags(xml, flags=0) -> 0\n\nC: virDomainAttachDeviceFlags"},
    {"detachDevice", KWARGS(dom_detachDevice), "detachDevice(xml) -> 0\n\nC: virDomainDetachDevice"},
    {"detachDeviceFlags", KWARGS(dom_detachDeviceFlags),
     "detachDeviceFlags(xml, flags=0) -> 0\n\nC: virDomainDetachDeviceFlags"},
    {"blockStats", KWARGS(dom_blockStats),
     "blockStats(path) -> (rd_req, rd_bytes, wr_req, wr_bytes, errs)\n\nC: virDomainBlockStats"},
    {"interfaceStats", KWARGS(dom_interfaceStats),
     "interfaceStats(path) -> (rx_bytes, rx_packets, rx_errs, rx_drop, tx_bytes, tx_packets, tx_errs,\n"
     "tx_drop)\n\nC: virDomainInterfaceStats"},
    {"memoryStats", NOARGS(dom_memoryStats), "memoryStats() -> {name: value}\n\nC: virDomainMemoryStats"},
    {"getCPUStats", KWARGS(dom_getCPUStats),
     "getCPUStats(total, flags=0) -> [{name: value}, ...] (one in total, else one per host CPU)\n\n"
     "C: virDomainGetCPUStats"},
    {"setMemoryFlags", KWARGS(dom_setMemoryFlags),
     "setMemoryFlags(memory, flags=0) -> 0\n\nmemory: KiB.\n\nC: virDomainSetMemoryFlags"},
    {"XMLDesc", KWARGS(dom_XMLDesc), "XMLDesc(flags=0) -> str\n\nC: virDomainGetXMLDesc"},
    {"suspend", NOARGS(dom_suspend), "suspend() -> 0\n\nC: virDomainSuspend"},
    {"resume", NOARGS(dom_resume), "resume() -> 0\n\nC: virDomainResume"},
    {"destroy", NOARGS(dom_destroy), "destroy() -> 0\n\nC: virDomainDestroy"},
    {"shutdown", NOARGS(dom_shutdown), "shutdown() -> 0\n\nC: virDomainShutdown"},
    {"reboot", KWARGS(dom_reboot), "reboot(flags=0) -> 0\n\nC: virDomainReboot"},
    {"create", NOARGS(dom_create), "create() -> 0\n\nStarts a defined domain.\n\nC: virDomainCreate"},
    {"undefine", NOARGS(dom_undefine), "undefine() -> 0\n\nC: virDomainUndefine"},
    {"save", KWARGS(dom_save), "save(to) -> 0\n\nC: virDomainSave"},
    {"saveFlags", KWARGS(dom_saveFlags), "saveFlags(to, dxml=None, flags=0) -> 0\n\nC: virDomainSaveFlags"},
    {"setMemoryStatsPeriod", KWARGS(dom_setMemoryStatsPeriod),
     "setMemoryStatsPeriod(period, flags=0) -> 0\n\nC: virDomainSetMemoryStatsPeriod"},
    {"setMemory", KWARGS(dom_setMemory),
     "setMemory(memory) -> 0\n\nmemory: KiB (balloon target).\n\nC: virDomainSetMemory"},
    {"setMaxMemory", KWARGS(dom_setMaxMemory),
     "setMaxMemory(memory) -> 0\n\nmemory: KiB.\n\nC: virDomainSetMaxMemory"},
    {"setVcpus", KWARGS(dom_setVcpus),
     "setVcpus(nvcpus) -> 0\n\nC: virDomainSetVcpus"},
    {"connect", NOARGS(dom_connect), "connect() -> virConnect\n\nC: virDomainGetConnect"},
    {NULL, NULL, 0, NULL}
};

/* ------------------------------------------------------------------ */
/* Module functions                                                     */
/* ------------------------------------------------------------------ */

static PyObject *open_common(PyObject *args, PyObject *kwds, int readonly)
{
    static const char *kwlist[] = {"name", NULL};
    const char *name = NULL;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, readonly ? "|z:openReadOnly" : "|z:open", (char **)kwlist, &name))
        return NULL;
    if (readonly) PY_CALL(c = virConnectOpenReadOnly(name));
    else PY_CALL(c = virConnectOpen(name));
    if (!c) return py_raise(readonly ? "virConnectOpenReadOnly() failed" : "virConnectOpen() failed");
    return py_wrap_conn(c);
}

static PyObject *mod_open(PyObject *mod, PyObject *args, PyObject *kwds)
{
    (void)mod;
    return open_common(args, kwds, 0);
}

static PyObject *mod_openReadOnly(PyObject *mod, PyObject *args, PyObject *kwds)
{
    (void)mod;
    return open_common(args, kwds, 1);
}

/* getVersion() -> virt's version; getVersion(type) -> that driver's. */
static PyObject *mod_getVersion(PyObject *mod, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"name", NULL};
    const char *type = NULL;
    unsigned long lib = 0, typever = 0;
    int r;
    (void)mod;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|z:getVersion", (char **)kwlist, &type)) return NULL;
    r = type ? virGetVersion(&lib, type, &typever) : virGetVersion(&lib, NULL, NULL);
    if (r < 0) return py_raise("virGetVersion() failed");
    return PyLong_FromUnsignedLong(type ? typever : lib);
}

static PyObject *mod_registerErrorHandler(PyObject *mod, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"f", "ctx", NULL};
    PyObject *f, *ctx;
    (void)mod;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:registerErrorHandler", (char **)kwlist, &f, &ctx)) return NULL;
    if (f != Py_None && !PyCallable_Check(f)) {
        PyErr_SetString(PyExc_TypeError, "registerErrorHandler: f must be callable or None");
        return NULL;
    }
    Py_CLEAR(py_error_handler);
    Py_CLEAR(py_error_ctx);
    if (f != Py_None) {
        Py_INCREF(f);
        Py_INCREF(ctx);
        py_error_handler = f;
        py_error_ctx = ctx;
    }
    return PyLong_FromLong(1);
}

static PyObject *mod_virGetLastError(PyObject *mod, PyObject *noargs)
{
    virErrorPtr err = virGetLastError();
    (void)mod;
    (void)noargs;
    if (!err) Py_RETURN_NONE;
    return py_error_list(err);
}

static PyObject *mod_virResetLastError(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    virResetLastError();
    Py_RETURN_NONE;
}

static PyObject *mod_enabledBackends(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    return PyLong_FromUnsignedLong(virt_enabled_backends());
}

/* ---- openAuth, getLibVersion and the event loop (issue 11) ---- */

/* openAuth(uri, auth, flags): auth is libvirt-python's [credtypes,
 * callback, opaque]; virt's backends never ask for credentials, so the
 * callback is not called, but the list's shape is checked as libvirt-python
 * does (a list or tuple; an empty one means no callback). */
static PyObject *mod_openAuth(PyObject *mod, PyObject *args)
{
    const char *name = NULL;
    PyObject *auth;
    unsigned int flags = 0;
    virConnectPtr c;
    (void)mod;
    if (!PyArg_ParseTuple(args, "zO|I:openAuth", &name, &auth, &flags)) return NULL;
    if (auth != Py_None && !PyList_Check(auth) && !PyTuple_Check(auth)) {
        PyErr_SetString(PyExc_TypeError, "openAuth: auth must be a list [credtypes, callback, opaque]");
        return NULL;
    }
    PY_CALL(c = virConnectOpenAuth(name, NULL, flags));
    if (!c) return py_raise("virConnectOpenAuth() failed");
    return py_wrap_conn(c);
}

static PyObject *conn_getLibVersion(PyVirConnect *self, PyObject *noargs)
{
    unsigned long v = 0;
    int r;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(r = virConnectGetLibVersion(c, &v));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectGetLibVersion() failed");
    return PyLong_FromUnsignedLong(v);
}

/* A Python callback and its opaque, owned by the C loop until its free
 * callback runs. The loop runs with the GIL released (virEventRunDefaultImpl
 * below), so every call back into Python takes it. */
static PyObject *py_ev_pack(PyObject *cb, PyObject *opaque)
{
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "the event callback must be callable");
        return NULL;
    }
    return PyTuple_Pack(2, cb, opaque);
}

static void py_ev_call(PyObject *packed, PyObject *args)
{
    PyObject *r;
    if (!args) { PyErr_Print(); return; }
    r = PyObject_CallObject(PyTuple_GET_ITEM(packed, 0), args);
    Py_DECREF(args);
    if (!r) PyErr_Print();      /* as libvirt-python: reported, the loop goes on */
    Py_XDECREF(r);
}

static void py_ev_handle_cb(int watch, int fd, int events, void *opaque)
{
    PyObject *packed = (PyObject *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    py_ev_call(packed, Py_BuildValue("(iiiO)", watch, fd, events, PyTuple_GET_ITEM(packed, 1)));
    PyGILState_Release(g);
}

static void py_ev_timeout_cb(int timer, void *opaque)
{
    PyObject *packed = (PyObject *)opaque;
    PyGILState_STATE g = PyGILState_Ensure();
    py_ev_call(packed, Py_BuildValue("(iO)", timer, PyTuple_GET_ITEM(packed, 1)));
    PyGILState_Release(g);
}

static void py_ev_free(void *opaque)
{
    PyGILState_STATE g = PyGILState_Ensure();
    Py_DECREF((PyObject *)opaque);
    PyGILState_Release(g);
}

static PyObject *mod_virEventRegisterDefaultImpl(PyObject *mod, PyObject *noargs)
{
    (void)mod;
    (void)noargs;
    if (virEventRegisterDefaultImpl() < 0) return py_raise("virEventRegisterDefaultImpl() failed");
    return PyLong_FromLong(0);
}

static PyObject *mod_virEventRunDefaultImpl(PyObject *mod, PyObject *noargs)
{
    int r;
    (void)mod;
    (void)noargs;
    PY_CALL(r = virEventRunDefaultImpl());
    if (r < 0) return py_raise("virEventRunDefaultImpl() failed");
    return PyLong_FromLong(0);
}

static PyObject *mod_virEventAddHandle(PyObject *mod, PyObject *args)
{
    int fd, events, watch;
    PyObject *cb, *opaque, *packed;
    (void)mod;
    if (!PyArg_ParseTuple(args, "iiOO:virEventAddHandle", &fd, &events, &cb, &opaque)) return NULL;
    if (!(packed = py_ev_pack(cb, opaque))) return NULL;
    watch = virEventAddHandle(fd, events, py_ev_handle_cb, packed, py_ev_free);
    if (watch < 0) {
        Py_DECREF(packed);
        return py_raise("virEventAddHandle() failed");
    }
    return PyLong_FromLong(watch);
}

static PyObject *mod_virEventAddTimeout(PyObject *mod, PyObject *args)
{
    int timeout, timer;
    PyObject *cb, *opaque, *packed;
    (void)mod;
    if (!PyArg_ParseTuple(args, "iOO:virEventAddTimeout", &timeout, &cb, &opaque)) return NULL;
    if (!(packed = py_ev_pack(cb, opaque))) return NULL;
    timer = virEventAddTimeout(timeout, py_ev_timeout_cb, packed, py_ev_free);
    if (timer < 0) {
        Py_DECREF(packed);
        return py_raise("virEventAddTimeout() failed");
    }
    return PyLong_FromLong(timer);
}

static PyObject *mod_virEventUpdateHandle(PyObject *mod, PyObject *args)
{
    int watch, events;
    (void)mod;
    if (!PyArg_ParseTuple(args, "ii:virEventUpdateHandle", &watch, &events)) return NULL;
    virEventUpdateHandle(watch, events);
    Py_RETURN_NONE;
}

static PyObject *mod_virEventUpdateTimeout(PyObject *mod, PyObject *args)
{
    int timer, timeout;
    (void)mod;
    if (!PyArg_ParseTuple(args, "ii:virEventUpdateTimeout", &timer, &timeout)) return NULL;
    virEventUpdateTimeout(timer, timeout);
    Py_RETURN_NONE;
}

static PyObject *mod_virEventRemoveHandle(PyObject *mod, PyObject *args)
{
    int watch;
    (void)mod;
    if (!PyArg_ParseTuple(args, "i:virEventRemoveHandle", &watch)) return NULL;
    if (virEventRemoveHandle(watch) < 0) return py_raise("virEventRemoveHandle() failed");
    return PyLong_FromLong(0);
}

static PyObject *mod_virEventRemoveTimeout(PyObject *mod, PyObject *args)
{
    int timer;
    (void)mod;
    if (!PyArg_ParseTuple(args, "i:virEventRemoveTimeout", &timer)) return NULL;
    if (virEventRemoveTimeout(timer) < 0) return py_raise("virEventRemoveTimeout() failed");
    return PyLong_FromLong(0);
}

static PyMethodDef module_methods[] = {
    {"open", KWARGS(mod_open), "open(name=None) -> virConnect\n\nC: virConnectOpen"},
    {"openReadOnly", KWARGS(mod_openReadOnly),
     "openReadOnly(name=None) -> virConnect\n\nC: virConnectOpenReadOnly"},
    {"getVersion", KWARGS(mod_getVersion),
     "getVersion(name=None) -> int\n\nvirt's version, or with a driver type (\"Test\", \"Xen\") that\n"
     "driver's.\n\nC: virGetVersion"},
    {"registerErrorHandler", KWARGS(mod_registerErrorHandler),
     "registerErrorHandler(f, ctx) -> 1\n\nf(ctx, error list) is called for every error; None restores\n"
     "printing them on stderr.\n\nC: virSetErrorFunc"},
    {"virGetLastError", NOARGS(mod_virGetLastError),
     "virGetLastError() -> [code, domain, message, level, str1, str2, str3, int1, int2] or None\n\n"
     "C: virGetLastError"},
    {"virResetLastError", NOARGS(mod_virResetLastError), "virResetLastError()\n\nC: virResetLastError"},
    {"enabledBackends", NOARGS(mod_enabledBackends),
     "enabledBackends() -> bit set of VIRT_BACKEND_*\n\nC: virt_enabled_backends"},
    {"openAuth", VARARGS(mod_openAuth),
     "openAuth(uri, auth, flags=0) -> virConnect\n\nauth: [credtypes, callback, opaque] (never called:\n"
     "virt's backends ask for no credentials); flags: VIR_CONNECT_RO.\n\nC: virConnectOpenAuth"},
    {"virEventRegisterDefaultImpl", NOARGS(mod_virEventRegisterDefaultImpl),
     "virEventRegisterDefaultImpl() -> 0\n\nC: virEventRegisterDefaultImpl"},
    {"virEventRunDefaultImpl", NOARGS(mod_virEventRunDefaultImpl),
     "virEventRunDefaultImpl() -> 0\n\nOne iteration (releases the GIL while it waits).\n\n"
     "C: virEventRunDefaultImpl"},
    {"virEventAddHandle", VARARGS(mod_virEventAddHandle),
     "virEventAddHandle(fd, events, cb, opaque) -> watch\n\ncb(watch, fd, events, opaque)\n\n"
     "C: virEventAddHandle"},
    {"virEventUpdateHandle", VARARGS(mod_virEventUpdateHandle),
     "virEventUpdateHandle(watch, events)\n\nC: virEventUpdateHandle"},
    {"virEventRemoveHandle", VARARGS(mod_virEventRemoveHandle),
     "virEventRemoveHandle(watch) -> 0\n\nC: virEventRemoveHandle"},
    {"virEventAddTimeout", VARARGS(mod_virEventAddTimeout),
     "virEventAddTimeout(timeout, cb, opaque) -> timer\n\ncb(timer, opaque)\n\nC: virEventAddTimeout"},
    {"virEventUpdateTimeout", VARARGS(mod_virEventUpdateTimeout),
     "virEventUpdateTimeout(timer, timeout)\n\nC: virEventUpdateTimeout"},
    {"virEventRemoveTimeout", VARARGS(mod_virEventRemoveTimeout),
     "virEventRemoveTimeout(timer) -> 0\n\nC: virEventRemoveTimeout"},
    {NULL, NULL, 0, NULL}
};

/* libvirtError, in Python: its constructor takes libvirt-python's
 * (defmsg) and, from this module, the error list of the failed call. */
static const char libvirt_error_source[] =
    "class libvirtError(Exception):\n"
    "    \"\"\"An error of a virt call: get_error_code() is a VIR_ERR_* number,\n"
    "    get_error_domain() a VIR_FROM_* origin, get_error_message() the text.\"\"\"\n"
    "    def __init__(self, defmsg, err=None):\n"
    "        if err is None:\n"
    "            err = virGetLastError()\n"
    "        msg = err[2] if err is not None and err[2] else defmsg\n"
    "        Exception.__init__(self, msg)\n"
    "        self.err = err\n"
    "    def _field(self, i):\n"
    "        return None if self.err is None else self.err[i]\n"
    "    def get_error_code(self): return self._field(0)\n"
    "    def get_error_domain(self): return self._field(1)\n"
    "    def get_error_message(self): return self._field(2)\n"
    "    def get_error_level(self): return self._field(3)\n"
    "    def get_str1(self): return self._field(4)\n"
    "    def get_str2(self): return self._field(5)\n"
    "    def get_str3(self): return self._field(6)\n"
    "    def get_int1(self): return self._field(7)\n"
    "    def get_int2(self): return self._field(8)\n";

static int add_libvirt_error(PyObject *m)
{
    PyObject *dict = PyModule_GetDict(m), *r;
    r = PyRun_String(libvirt_error_source, Py_file_input, dict, dict);
    if (!r) return -1;
    Py_DECREF(r);
    py_libvirt_error = PyDict_GetItemString(dict, "libvirtError");
    if (!py_libvirt_error) {
        PyErr_SetString(PyExc_RuntimeError, "virt: libvirtError was not defined");
        return -1;
    }
    Py_INCREF(py_libvirt_error);
    return 0;
}

#include "virtconstants.h"

static int add_constants(PyObject *m)
{
    size_t i;
    for (i = 0; i < sizeof virt_py_constants / sizeof virt_py_constants[0]; i++)
        if (PyModule_AddIntConstant(m, virt_py_constants[i].name, virt_py_constants[i].value) < 0) return -1;
    for (i = 0; virt_py_string_constants[i].name; i++)
        if (PyModule_AddStringConstant(m, virt_py_string_constants[i].name, virt_py_string_constants[i].value) < 0)
            return -1;
    return PyModule_AddStringConstant(m, "VIRT_VERSION_STRING", VIRT_VERSION_STRING);
}

static struct PyModuleDef virt_module = {
    PyModuleDef_HEAD_INIT,
    "virt",
    "libvirt's domain API (virt, a header-only C library) with libvirt-python's names.",
    -1,
    module_methods,
    NULL, NULL, NULL, NULL
};

static int init_types(void)
{
    PyVirConnect_Type.tp_name = "virt.virConnect";
    PyVirConnect_Type.tp_basicsize = sizeof(PyVirConnect);
    PyVirConnect_Type.tp_flags = Py_TPFLAGS_DEFAULT;
    PyVirConnect_Type.tp_doc = "A connection to a node; from virt.open() or virt.openReadOnly().";
    PyVirConnect_Type.tp_dealloc = (destructor)PyVirConnect_dealloc;
    PyVirConnect_Type.tp_repr = (reprfunc)PyVirConnect_repr;
    PyVirConnect_Type.tp_methods = PyVirConnect_methods;
    PyVirDomain_Type.tp_name = "virt.virDomain";
    PyVirDomain_Type.tp_basicsize = sizeof(PyVirDomain);
    PyVirDomain_Type.tp_flags = Py_TPFLAGS_DEFAULT;
    PyVirDomain_Type.tp_doc = "A domain of a connection; from virConnect.lookupBy*() and friends.";
    PyVirDomain_Type.tp_dealloc = (destructor)PyVirDomain_dealloc;
    PyVirDomain_Type.tp_repr = (reprfunc)PyVirDomain_repr;
    PyVirDomain_Type.tp_richcompare = PyVirDomain_richcompare;
    PyVirDomain_Type.tp_hash = (hashfunc)PyVirDomain_hash;
    PyVirDomain_Type.tp_methods = PyVirDomain_methods;
    if (PyType_Ready(&PyVirConnect_Type) < 0 || PyType_Ready(&PyVirDomain_Type) < 0) return -1;
    return 0;
}

/* >>issue 11 phase 2b: capabilities, node memory, vCPU counts, autostart,
 * scheduler type; libvirt-python's names and return shapes */

static PyObject *conn_getCapabilities(PyVirConnect *self, PyObject *noargs)
{
    char *s;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(s = virConnectGetCapabilities(c));
    py_conn_leave(self, c);
    return py_take_string(s, "virConnectGetCapabilities() failed");
}

static PyObject *conn_getMaxVcpus(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"type", NULL};
    const char *type = NULL;
    int r;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "z:getMaxVcpus", (char **)kwlist, &type)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virConnectGetMaxVcpus(c, type));
    py_conn_leave(self, c);
    if (r < 0) return py_raise("virConnectGetMaxVcpus() failed");
    return PyLong_FromLong(r);
}

static PyObject *conn_getFreeMemory(PyVirConnect *self, PyObject *noargs)
{
    unsigned long long m;
    virConnectPtr c = py_conn_enter(self);
    (void)noargs;
    PY_CALL(m = virNodeGetFreeMemory(c));
    py_conn_leave(self, c);
    if (m == 0) return py_raise("virNodeGetFreeMemory() failed");
    return PyLong_FromUnsignedLongLong(m);
}

/* libvirt-python: getCellsFreeMemory(startCell, maxCells) -> [bytes, ...] */
static PyObject *conn_getCellsFreeMemory(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"startCell", "maxCells", NULL};
    int start, max, n, i;
    unsigned long long *mems;
    PyObject *list;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ii:getCellsFreeMemory", (char **)kwlist, &start, &max))
        return NULL;
    if (max <= 0 || max > 4096) return py_raise_arg("maxCells %d out of range", max);
    mems = (unsigned long long *)PyMem_Malloc(sizeof *mems * (size_t)max);
    if (!mems) return PyErr_NoMemory();
    c = py_conn_enter(self);
    PY_CALL(n = virNodeGetCellsFreeMemory(c, mems, start, max));
    py_conn_leave(self, c);
    if (n < 0) { PyMem_Free(mems); return py_raise("virNodeGetCellsFreeMemory() failed"); }
    list = PyList_New(n);
    for (i = 0; list && i < n; i++) {
        PyObject *v = PyLong_FromUnsignedLongLong(mems[i]);
        if (!v) { Py_CLEAR(list); break; }
        PyList_SET_ITEM(list, i, v);
    }
    PyMem_Free(mems);
    return list;
}

static PyObject *dom_maxVcpus(PyVirDomain *self, PyObject *noargs)
{
    int r;
    (void)noargs;
    PY_CALL(r = virDomainGetMaxVcpus(self->dom));
    if (r < 0) return py_raise("virDomainGetMaxVcpus() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_vcpusFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|I:vcpusFlags", (char **)kwlist, &flags)) return NULL;
    PY_CALL(r = virDomainGetVcpusFlags(self->dom, flags));
    if (r < 0) return py_raise("virDomainGetVcpusFlags() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_setVcpusFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"nvcpus", "flags", NULL};
    unsigned int n, flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "I|I:setVcpusFlags", (char **)kwlist, &n, &flags)) return NULL;
    PY_CALL(r = virDomainSetVcpusFlags(self->dom, n, flags));
    if (r < 0) return py_raise("virDomainSetVcpusFlags() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_autostart(PyVirDomain *self, PyObject *noargs)
{
    int a = 0, r;
    (void)noargs;
    PY_CALL(r = virDomainGetAutostart(self->dom, &a));
    if (r < 0) return py_raise("virDomainGetAutostart() failed");
    return PyLong_FromLong(a);
}

static PyObject *dom_setAutostart(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"autostart", NULL};
    int a, r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i:setAutostart", (char **)kwlist, &a)) return NULL;
    PY_CALL(r = virDomainSetAutostart(self->dom, a));
    if (r < 0) return py_raise("virDomainSetAutostart() failed");
    return PyLong_FromLong(r);
}

/* libvirt-python: schedulerType() -> (name, nparams) */
static PyObject *dom_schedulerType(PyVirDomain *self, PyObject *noargs)
{
    int n = 0;
    char *s;
    PyObject *r;
    (void)noargs;
    PY_CALL(s = virDomainGetSchedulerType(self->dom, &n));
    if (!s) return py_raise("virDomainGetSchedulerType() failed");
    r = Py_BuildValue("(si)", s, n);
    free(s);
    return r;
}

/* >>issue 11 python: listing with filters, states, the lifecycle *Flags
 * calls, managed save, rename, vCPU maps and pinning, scheduler
 * parameters and migration, with libvirt-python's argument names,
 * defaults and return shapes (checked against python3-libvirt by
 * tests/test_domain_calls.py). */

/* Domain methods of the form f(flags=0) -> int. */
typedef int (*py_dom_flags_fn)(virDomainPtr, unsigned int);

static PyObject *py_dom_flags_call(PyVirDomain *self, PyObject *args, PyObject *kwds, const char *format,
                                   py_dom_flags_fn fn, const char *defmsg)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, format, (char **)kwlist, &flags)) return NULL;
    PY_CALL(r = fn(self->dom, flags));
    if (r < 0) return py_raise(defmsg);
    return PyLong_FromLong(r);
}

#define PY_DOM_FLAGS_METHOD(pyname, cfn)                                                          \
    static PyObject *dom_##pyname(PyVirDomain *self, PyObject *args, PyObject *kwds)              \
    {                                                                                             \
        return py_dom_flags_call(self, args, kwds, "|I:" #pyname, cfn, #cfn "() failed");         \
    }
PY_DOM_FLAGS_METHOD(createWithFlags, virDomainCreateWithFlags)
PY_DOM_FLAGS_METHOD(undefineFlags, virDomainUndefineFlags)
PY_DOM_FLAGS_METHOD(shutdownFlags, virDomainShutdownFlags)
PY_DOM_FLAGS_METHOD(destroyFlags, virDomainDestroyFlags)
PY_DOM_FLAGS_METHOD(managedSave, virDomainManagedSave)
PY_DOM_FLAGS_METHOD(hasManagedSaveImage, virDomainHasManagedSaveImage)
PY_DOM_FLAGS_METHOD(managedSaveRemove, virDomainManagedSaveRemove)
#undef PY_DOM_FLAGS_METHOD

/* Domain methods without arguments returning 0/1 (-1 raises). */
static PyObject *py_dom_bool_call(PyVirDomain *self, int (*fn)(virDomainPtr), const char *defmsg)
{
    int r;
    PY_CALL(r = fn(self->dom));
    if (r < 0) return py_raise(defmsg);
    return PyLong_FromLong(r);
}

static PyObject *dom_isActive(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    return py_dom_bool_call(self, virDomainIsActive, "virDomainIsActive() failed");
}

static PyObject *dom_isPersistent(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    return py_dom_bool_call(self, virDomainIsPersistent, "virDomainIsPersistent() failed");
}

static PyObject *dom_isUpdated(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    return py_dom_bool_call(self, virDomainIsUpdated, "virDomainIsUpdated() failed");
}

/* libvirt-python: state(flags=0) -> [state, reason] */
static PyObject *dom_state(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0;
    int state = 0, reason = 0, r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|I:state", (char **)kwlist, &flags)) return NULL;
    PY_CALL(r = virDomainGetState(self->dom, &state, &reason, flags));
    if (r < 0) return py_raise("virDomainGetState() failed");
    return Py_BuildValue("[ii]", state, reason);
}

static PyObject *dom_rename(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"new_name", "flags", NULL};
    const char *new_name;
    unsigned int flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "z|I:rename", (char **)kwlist, &new_name, &flags)) return NULL;
    PY_CALL(r = virDomainRename(self->dom, new_name, flags));
    if (r < 0) return py_raise("virDomainRename() failed");
    return PyLong_FromLong(r);
}

static PyObject *conn_defineXMLFlags(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"xml", "flags", NULL};
    const char *xml;
    unsigned int flags = 0;
    virDomainPtr d;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|I:defineXMLFlags", (char **)kwlist, &xml, &flags)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(d = virDomainDefineXMLFlags(c, xml, flags));
    py_conn_leave(self, c);
    return py_domain_or_raise(self, d, "virDomainDefineXMLFlags() failed");
}

/* libvirt-python: listAllDomains(flags=0) -> [virDomain, ...] */
static PyObject *conn_listAllDomains(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0;
    virDomainPtr *doms = NULL;
    PyObject *list;
    int n, i;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|I:listAllDomains", (char **)kwlist, &flags)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(n = virConnectListAllDomains(c, &doms, flags));
    py_conn_leave(self, c);
    if (n < 0) return py_raise("virConnectListAllDomains() failed");
    list = PyList_New(n);
    for (i = 0; i < n; i++) {
        PyObject *d = list ? py_wrap_domain(self, doms[i]) : NULL;   /* takes the reference */
        if (d) PyList_SET_ITEM(list, i, d);
        else if (list) Py_CLEAR(list);                               /* py_wrap_domain freed doms[i] */
        else virDomainFree(doms[i]);
    }
    free(doms);
    return list;
}

/* The node's CPU count as libvirt-python computes it for CPU maps:
 * virNodeGetCPUMap's, else the topology of virNodeGetInfo. -1 raised. */
static int py_node_cpu_count(virConnectPtr c)
{
    virNodeInfo info;
    int n;
    PY_CALL(n = virNodeGetCPUMap(c, NULL, NULL, 0));
    if (n >= 0) return n;
    PY_CALL(n = virNodeGetInfo(c, &info));
    if (n < 0) {
        py_raise("virNodeGetInfo() failed");
        return -1;
    }
    virResetLastError();
    return (int)VIR_NODEINFO_MAXCPUS(info);
}

/* (bool, ...) of the first cpunum bits of map; a list when as_list. */
static PyObject *py_cpumap_bools(const unsigned char *map, int cpunum, int as_list)
{
    PyObject *seq = as_list ? PyList_New(cpunum) : PyTuple_New(cpunum);
    int i;
    for (i = 0; seq && i < cpunum; i++) {
        PyObject *b = PyBool_FromLong(VIR_CPU_USED(map, i) ? 1 : 0);
        if (as_list) PyList_SET_ITEM(seq, i, b);
        else PyTuple_SET_ITEM(seq, i, b);
    }
    return seq;
}

/* The vCPU count and the CPU map geometry of a vCPU call, or -1 raised. */
static int py_vcpu_geometry(PyVirDomain *self, int *nvcpus, int *cpunum, int *maplen)
{
    virDomainInfo info;
    int r;
    if ((*cpunum = py_node_cpu_count(virDomainGetConnect(self->dom))) < 0) return -1;
    PY_CALL(r = virDomainGetInfo(self->dom, &info));
    if (r < 0) {
        py_raise("virDomainGetInfo() failed");
        return -1;
    }
    *nvcpus = (int)info.nrVirtCpu;
    *maplen = VIR_CPU_MAPLEN(*cpunum);
    if (*nvcpus <= 0 || *maplen <= 0 || (size_t)*nvcpus > (size_t)INT_MAX / (size_t)*maplen) {
        py_raise_arg("vCPU map of %d vCPUs x %d CPUs out of range", *nvcpus, *cpunum);
        return -1;
    }
    return 0;
}

/* libvirt-python: vcpus() -> ([(number, state, cpuTime, cpu), ...],
 * [(bool per host CPU), ...]) */
static PyObject *dom_vcpus(PyVirDomain *self, PyObject *noargs)
{
    int nvcpus, cpunum, maplen, n, i;
    virVcpuInfo *info;
    unsigned char *maps;
    PyObject *infos = NULL, *pins = NULL;
    (void)noargs;
    if (py_vcpu_geometry(self, &nvcpus, &cpunum, &maplen) < 0) return NULL;
    info = (virVcpuInfo *)PyMem_Calloc((size_t)nvcpus, sizeof *info);
    maps = (unsigned char *)PyMem_Calloc((size_t)nvcpus, (size_t)maplen);
    if (!info || !maps) {
        PyMem_Free(info);
        PyMem_Free(maps);
        return PyErr_NoMemory();
    }
    PY_CALL(n = virDomainGetVcpus(self->dom, info, nvcpus, maps, maplen));
    if (n < 0) py_raise("virDomainGetVcpus() failed");
    else if ((infos = PyList_New(n)) != NULL && (pins = PyList_New(n)) != NULL) {
        for (i = 0; i < n; i++) {
            PyObject *t = Py_BuildValue("(iiKi)", (int)info[i].number, info[i].state, info[i].cpuTime, info[i].cpu);
            PyObject *m = py_cpumap_bools(VIR_GET_CPUMAP(maps, maplen, i), cpunum, 0);
            if (!t || !m) {
                Py_XDECREF(t);
                Py_XDECREF(m);
                Py_CLEAR(infos);
                break;
            }
            PyList_SET_ITEM(infos, i, t);
            PyList_SET_ITEM(pins, i, m);
        }
    }
    PyMem_Free(info);
    PyMem_Free(maps);
    if (!infos || !pins) {
        Py_XDECREF(infos);
        Py_XDECREF(pins);
        return NULL;
    }
    return Py_BuildValue("(NN)", infos, pins);
}

/* libvirt-python: vcpuPinInfo(flags=0) -> [(bool per host CPU), ...] */
static PyObject *dom_vcpuPinInfo(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0;
    int nvcpus, cpunum, maplen, n, i;
    unsigned char *maps;
    PyObject *list = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|I:vcpuPinInfo", (char **)kwlist, &flags)) return NULL;
    if (py_vcpu_geometry(self, &nvcpus, &cpunum, &maplen) < 0) return NULL;
    maps = (unsigned char *)PyMem_Calloc((size_t)nvcpus, (size_t)maplen);
    if (!maps) return PyErr_NoMemory();
    PY_CALL(n = virDomainGetVcpuPinInfo(self->dom, nvcpus, maps, maplen, flags));
    if (n < 0) py_raise("virDomainGetVcpuPinInfo() failed");
    else list = PyList_New(n);
    for (i = 0; list && i < n; i++) {
        PyObject *m = py_cpumap_bools(VIR_GET_CPUMAP(maps, maplen, i), cpunum, 0);
        if (!m) Py_CLEAR(list);
        else PyList_SET_ITEM(list, i, m);
    }
    PyMem_Free(maps);
    return list;
}

/* pinVcpu(vcpu, cpumap) and pinVcpuFlags(vcpu, cpumap, flags=0): cpumap is
 * a tuple of truth values, one per host CPU (missing ones are off, extra
 * ones ignored), as libvirt-python takes it. */
static PyObject *py_pin_vcpu(PyVirDomain *self, PyObject *args, PyObject *kwds, int with_flags)
{
    static const char *kwlist_flags[] = {"vcpu", "cpumap", "flags", NULL};
    static const char *kwlist[] = {"vcpu", "cpumap", NULL};
    int vcpu, cpunum, maplen, i, r;
    unsigned int flags = 0;
    PyObject *tuple;
    unsigned char *map;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, with_flags ? "iO|I:pinVcpuFlags" : "iO:pinVcpu",
                                     (char **)(with_flags ? kwlist_flags : kwlist), &vcpu, &tuple, &flags))
        return NULL;
    if (!PyTuple_Check(tuple)) {
        PyErr_SetString(PyExc_TypeError, "Unexpected type, tuple is required");
        return NULL;
    }
    if ((cpunum = py_node_cpu_count(virDomainGetConnect(self->dom))) < 0) return NULL;
    maplen = VIR_CPU_MAPLEN(cpunum);
    if (maplen <= 0) return py_raise_arg("the node reports %d CPUs", cpunum);
    if (!(map = (unsigned char *)PyMem_Calloc(1, (size_t)maplen))) return PyErr_NoMemory();
    for (i = 0; i < cpunum && i < PyTuple_GET_SIZE(tuple); i++) {
        int on = PyObject_IsTrue(PyTuple_GET_ITEM(tuple, i));
        if (on < 0) {
            PyMem_Free(map);
            return NULL;
        }
        if (on) VIR_USE_CPU(map, i);
    }
    if (with_flags) PY_CALL(r = virDomainPinVcpuFlags(self->dom, (unsigned int)vcpu, map, maplen, flags));
    else PY_CALL(r = virDomainPinVcpu(self->dom, (unsigned int)vcpu, map, maplen));
    PyMem_Free(map);
    if (r < 0) return py_raise(with_flags ? "virDomainPinVcpuFlags() failed" : "virDomainPinVcpu() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_pinVcpu(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    return py_pin_vcpu(self, args, kwds, 0);
}

static PyObject *dom_pinVcpuFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    return py_pin_vcpu(self, args, kwds, 1);
}

/* libvirt-python: getCPUMap(flags=0) -> (cpus, [online bool, ...], online) */
static PyObject *conn_getCPUMap(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0, online = 0;
    unsigned char *map = NULL;
    PyObject *bools, *r;
    int n;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|I:getCPUMap", (char **)kwlist, &flags)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(n = virNodeGetCPUMap(c, &map, &online, flags));
    py_conn_leave(self, c);
    if (n < 0) return py_raise("virNodeGetCPUMap() failed");
    bools = py_cpumap_bools(map, n, 1);
    free(map);
    if (!bools) return NULL;
    r = Py_BuildValue("(iNI)", n, bools, online);
    return r;
}

/* Typed parameters <-> dicts, as libvirt-python converts them. */
static PyObject *py_typed_param_value(const virTypedParameter *p)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT: return PyLong_FromLong(p->value.i);
    case VIR_TYPED_PARAM_UINT: return PyLong_FromUnsignedLong(p->value.ui);
    case VIR_TYPED_PARAM_LLONG: return PyLong_FromLongLong(p->value.l);
    case VIR_TYPED_PARAM_ULLONG: return PyLong_FromUnsignedLongLong(p->value.ul);
    case VIR_TYPED_PARAM_DOUBLE: return PyFloat_FromDouble(p->value.d);
    case VIR_TYPED_PARAM_BOOLEAN: return PyBool_FromLong(p->value.b);
    case VIR_TYPED_PARAM_STRING: return py_str_or_none(p->value.s);
    default: break;
    }
    py_raise_arg("typed parameter '%.80s' has unknown type %d", p->field, p->type);
    return NULL;
}

static PyObject *py_typed_params_dict(const virTypedParameter *params, int n)
{
    PyObject *dict = PyDict_New();
    int i;
    for (i = 0; dict && i < n; i++) {
        char field[VIR_TYPED_PARAM_FIELD_LENGTH + 1];
        PyObject *v = py_typed_param_value(&params[i]);
        memcpy(field, params[i].field, VIR_TYPED_PARAM_FIELD_LENGTH);
        field[VIR_TYPED_PARAM_FIELD_LENGTH] = '\0';
        if (!v || PyDict_SetItemString(dict, field, v) < 0) Py_CLEAR(dict);
        Py_XDECREF(v);
    }
    return dict;
}

/* Stores Python value v into p as p->type (libvirt-python's unwrappers:
 * TypeError / OverflowError for a wrong or too large value). STRING values
 * are copied with malloc (virTypedParamsClear frees them). */
static int py_typed_param_set(virTypedParameter *p, PyObject *v)
{
    long l;
    switch (p->type) {
    case VIR_TYPED_PARAM_INT:
    case VIR_TYPED_PARAM_UINT:
        l = PyLong_AsLong(v);
        if (l == -1 && PyErr_Occurred()) return -1;
        if (p->type == VIR_TYPED_PARAM_INT ? (l < INT_MIN || l > INT_MAX) : (l < 0 || (unsigned long)l > UINT_MAX)) {
            PyErr_SetString(PyExc_OverflowError, p->type == VIR_TYPED_PARAM_INT
                                                     ? "Python int too large to convert to C int"
                                                     : "Python int too large to convert to C unsigned int");
            return -1;
        }
        if (p->type == VIR_TYPED_PARAM_INT) p->value.i = (int)l;
        else p->value.ui = (unsigned int)l;
        return 0;
    case VIR_TYPED_PARAM_LLONG:
        p->value.l = PyLong_AsLongLong(v);
        return p->value.l == -1 && PyErr_Occurred() ? -1 : 0;
    case VIR_TYPED_PARAM_ULLONG:
        p->value.ul = PyLong_AsUnsignedLongLong(v);
        return p->value.ul == (unsigned long long)-1 && PyErr_Occurred() ? -1 : 0;
    case VIR_TYPED_PARAM_DOUBLE:
        p->value.d = PyFloat_AsDouble(v);
        return p->value.d == -1.0 && PyErr_Occurred() ? -1 : 0;
    case VIR_TYPED_PARAM_BOOLEAN:
        if ((l = PyObject_IsTrue(v)) < 0) return -1;
        p->value.b = (char)(l != 0);
        return 0;
    case VIR_TYPED_PARAM_STRING: {
        const char *s = PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : NULL;
        if (!s) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "a string is required");
            return -1;
        }
        if (!(p->value.s = strdup(s))) {
            PyErr_NoMemory();
            return -1;
        }
        return 0;
    }
    default:
        PyErr_Format(PyExc_TypeError, "Unknown type of \"%s\" field", p->field);
        return -1;
    }
}

/* Names a dict key into p->field; -1 raised (not a str, or too long). */
static int py_typed_param_name(virTypedParameter *p, PyObject *key)
{
    const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
    if (!name) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "bad argument type for built-in operation");
        return -1;
    }
    if (strlen(name) >= VIR_TYPED_PARAM_FIELD_LENGTH) {
        PyErr_Format(PyExc_ValueError, "Parameter name '%s' too long", name);
        return -1;
    }
    strcpy(p->field, name);
    return 0;
}

/* A non-empty dict of the names of known (the driver's current
 * parameters: their types) -> a malloc'd list, as libvirt-python's
 * setSchedulerParameters* builds it: LookupError for an unknown name. */
static virTypedParameter *py_dict_to_known_params(PyObject *dict, const virTypedParameter *known, int nknown,
                                                  int *n_out)
{
    Py_ssize_t pos = 0, size = PyDict_Size(dict);
    PyObject *key, *value;
    virTypedParameter *out = (virTypedParameter *)calloc((size_t)size, sizeof *out);
    int n = 0, i;
    if (!out) {
        PyErr_NoMemory();
        return NULL;
    }
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (py_typed_param_name(&out[n], key) < 0) goto fail;
        for (i = 0; i < nknown && strncmp(known[i].field, out[n].field, VIR_TYPED_PARAM_FIELD_LENGTH) != 0; i++) {}
        if (i == nknown) {
            PyErr_Format(PyExc_LookupError, "Attribute name \"%s\" could not be recognized", out[n].field);
            goto fail;
        }
        out[n].type = known[i].type;
        if (py_typed_param_set(&out[n], value) < 0) goto fail;
        n++;
    }
    *n_out = n;
    return out;
fail:
    virTypedParamsFree(out, n);
    return NULL;
}

/* The scheduler's current parameters (GetSchedulerParameters[Flags]) into
 * a malloc'd list; *n their number (0: none, NULL returned). -1 raised. */
static int py_get_sched_params(PyVirDomain *self, int with_flags, unsigned int flags, virTypedParameter **out,
                               int *n)
{
    char *type;
    int r;
    *out = NULL;
    *n = 0;
    PY_CALL(type = virDomainGetSchedulerType(self->dom, n));
    if (!type) {
        py_raise("virDomainGetSchedulerType() failed");
        return -1;
    }
    free(type);
    if (*n <= 0) return 0;
    if (!(*out = (virTypedParameter *)calloc((size_t)*n, sizeof **out))) {
        PyErr_NoMemory();
        return -1;
    }
    if (with_flags) PY_CALL(r = virDomainGetSchedulerParametersFlags(self->dom, *out, n, flags));
    else PY_CALL(r = virDomainGetSchedulerParameters(self->dom, *out, n));
    if (r < 0) {
        free(*out);
        *out = NULL;
        py_raise(with_flags ? "virDomainGetSchedulerParametersFlags() failed"
                            : "virDomainGetSchedulerParameters() failed");
        return -1;
    }
    return 0;
}

/* libvirt-python: schedulerParameters() / schedulerParametersFlags(flags=0) -> dict */
static PyObject *py_sched_params(PyVirDomain *self, int with_flags, unsigned int flags)
{
    virTypedParameter *params;
    int n;
    PyObject *dict;
    if (py_get_sched_params(self, with_flags, flags, &params, &n) < 0) return NULL;
    dict = py_typed_params_dict(params, n);
    virTypedParamsFree(params, n);
    return dict;
}

static PyObject *dom_schedulerParameters(PyVirDomain *self, PyObject *noargs)
{
    (void)noargs;
    return py_sched_params(self, 0, 0);
}

static PyObject *dom_schedulerParametersFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"flags", NULL};
    unsigned int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|I:schedulerParametersFlags", (char **)kwlist, &flags))
        return NULL;
    return py_sched_params(self, 1, flags);
}

/* setSchedulerParameters(params) / setSchedulerParametersFlags(params,
 * flags=0): as libvirt-python, the current parameters are read first (the
 * Flags form with flags) and give each name its type. */
static PyObject *py_set_sched_params(PyVirDomain *self, PyObject *dict, int with_flags, unsigned int flags)
{
    virTypedParameter *known, *params;
    int nknown, n, r;
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "params must be a dict");
        return NULL;
    }
    if (PyDict_Size(dict) == 0) {
        PyErr_SetString(PyExc_LookupError, "Need non-empty dictionary to set attributes");
        return NULL;
    }
    if (py_get_sched_params(self, with_flags, flags, &known, &nknown) < 0) return NULL;
    if (nknown == 0) return py_raise_arg("the domain's scheduler has no parameters");
    /* a private copy: a value's __index__ could resize the caller's dict */
    if ((dict = PyDict_Copy(dict)) != NULL) {
        params = py_dict_to_known_params(dict, known, nknown, &n);
        Py_DECREF(dict);
    } else {
        params = NULL;
    }
    virTypedParamsFree(known, nknown);
    if (!params) return NULL;
    if (with_flags) PY_CALL(r = virDomainSetSchedulerParametersFlags(self->dom, params, n, flags));
    else PY_CALL(r = virDomainSetSchedulerParameters(self->dom, params, n));
    virTypedParamsFree(params, n);
    if (r < 0)
        return py_raise(with_flags ? "virDomainSetSchedulerParametersFlags() failed"
                                   : "virDomainSetSchedulerParameters() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_setSchedulerParameters(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"params", NULL};
    PyObject *dict;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:setSchedulerParameters", (char **)kwlist, &dict)) return NULL;
    return py_set_sched_params(self, dict, 0, 0);
}

static PyObject *dom_setSchedulerParametersFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"params", "flags", NULL};
    PyObject *dict;
    unsigned int flags = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|I:setSchedulerParametersFlags", (char **)kwlist, &dict, &flags))
        return NULL;
    return py_set_sched_params(self, dict, 1, flags);
}

/* libvirt-python: migrate(dconn, flags=0, dname=None, uri=None,
 * bandwidth=0) -> virDomain of dconn */
static PyObject *dom_migrate(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"dconn", "flags", "dname", "uri", "bandwidth", NULL};
    PyObject *dconn_obj;
    PyVirConnect *dconn = NULL;
    unsigned long flags = 0, bandwidth = 0;
    const char *dname = NULL, *uri = NULL;
    virConnectPtr dc = NULL;
    virDomainPtr d;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|kzzk:migrate", (char **)kwlist, &dconn_obj, &flags, &dname,
                                     &uri, &bandwidth))
        return NULL;
    if (dconn_obj != Py_None) {
        if (!PyObject_TypeCheck(dconn_obj, &PyVirConnect_Type)) {
            PyErr_SetString(PyExc_TypeError, "migrate: dconn must be a virConnect or None");
            return NULL;
        }
        dconn = (PyVirConnect *)dconn_obj;
        dc = py_conn_enter(dconn);
    }
    PY_CALL(d = virDomainMigrate(self->dom, dc, flags, dname, uri, bandwidth));
    if (dconn) py_conn_leave(dconn, dc);
    if (!d) return py_raise("virDomainMigrate() failed");
    return py_wrap_domain(dconn ? dconn : self->conn, d);
}

static PyObject *dom_migrateToURI(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"duri", "flags", "dname", "bandwidth", NULL};
    const char *duri, *dname = NULL;
    unsigned long flags = 0, bandwidth = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "z|kzk:migrateToURI", (char **)kwlist, &duri, &flags, &dname,
                                     &bandwidth))
        return NULL;
    PY_CALL(r = virDomainMigrateToURI(self->dom, duri, flags, dname, bandwidth));
    if (r < 0) return py_raise("virDomainMigrateToURI() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_migrateToURI2(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"dconnuri", "miguri", "dxml", "flags", "dname", "bandwidth", NULL};
    const char *dconnuri = NULL, *miguri = NULL, *dxml = NULL, *dname = NULL;
    unsigned long flags = 0, bandwidth = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|zzzkzk:migrateToURI2", (char **)kwlist, &dconnuri, &miguri,
                                     &dxml, &flags, &dname, &bandwidth))
        return NULL;
    PY_CALL(r = virDomainMigrateToURI2(self->dom, dconnuri, miguri, dxml, flags, dname, bandwidth));
    if (r < 0) return py_raise("virDomainMigrateToURI2() failed");
    return PyLong_FromLong(r);
}

/* The types libvirt-python gives the migration parameters it knows
 * (libvirt-domain.h's VIR_MIGRATE_PARAM_* names); any other key's type
 * comes from its Python value. */
static const struct { const char *name; int type; } py_migrate_param_types[] = {
    {"migrate_uri", VIR_TYPED_PARAM_STRING}, {"destination_name", VIR_TYPED_PARAM_STRING},
    {"destination_xml", VIR_TYPED_PARAM_STRING}, {"persistent_xml", VIR_TYPED_PARAM_STRING},
    {"bandwidth", VIR_TYPED_PARAM_ULLONG}, {"bandwidth.postcopy", VIR_TYPED_PARAM_ULLONG},
    {"graphics_uri", VIR_TYPED_PARAM_STRING}, {"listen_address", VIR_TYPED_PARAM_STRING},
    {"migrate_disks", VIR_TYPED_PARAM_STRING}, {"disks_port", VIR_TYPED_PARAM_INT},
    {"disks_uri", VIR_TYPED_PARAM_STRING}, {"compression", VIR_TYPED_PARAM_STRING},
    {"compression.mt.level", VIR_TYPED_PARAM_INT}, {"compression.mt.threads", VIR_TYPED_PARAM_INT},
    {"compression.mt.dthreads", VIR_TYPED_PARAM_INT}, {"compression.xbzrle.cache", VIR_TYPED_PARAM_ULLONG},
    {"auto_converge.initial", VIR_TYPED_PARAM_INT}, {"auto_converge.increment", VIR_TYPED_PARAM_INT},
    {"parallel.connections", VIR_TYPED_PARAM_INT}, {"tls.destination", VIR_TYPED_PARAM_STRING},
};

static int py_migrate_param_type(const char *name, PyObject *value)
{
    size_t i;
    for (i = 0; i < sizeof py_migrate_param_types / sizeof py_migrate_param_types[0]; i++)
        if (strcmp(py_migrate_param_types[i].name, name) == 0) return py_migrate_param_types[i].type;
    if (PyUnicode_Check(value)) return VIR_TYPED_PARAM_STRING;
    if (PyBool_Check(value)) return VIR_TYPED_PARAM_BOOLEAN;
    if (PyLong_Check(value)) {
        unsigned long long u = PyLong_AsUnsignedLongLong(value);
        if (u == (unsigned long long)-1 && PyErr_Occurred()) {
            PyErr_Clear();
            return VIR_TYPED_PARAM_LLONG;
        }
        return VIR_TYPED_PARAM_ULLONG;
    }
    if (PyFloat_Check(value)) return VIR_TYPED_PARAM_DOUBLE;
    return -1;
}

/* A private copy of the parameters in which each list value is a tuple:
 * converting a value may run Python code (__index__), which then cannot
 * resize what is being walked. */
static PyObject *py_migrate_snapshot(PyObject *dict)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value, *copy = PyDict_Copy(dict);
    while (copy && PyDict_Next(copy, &pos, &key, &value)) {
        PyObject *t;
        if (!PyList_Check(value)) continue;
        t = PySequence_Tuple(value);
        if (!t || PyDict_SetItem(copy, key, t) < 0) Py_CLEAR(copy);   /* replaces a value: allowed */
        Py_XDECREF(t);
    }
    return copy;
}

/* A list (in the snapshot: tuple) value is one parameter per entry (as
 * virTypedParamsAddStringList does for migrate_disks). */
static int py_migrate_param_count(PyObject *dict)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    Py_ssize_t n = 0;
    while (PyDict_Next(dict, &pos, &key, &value)) n += PyTuple_Check(value) ? PyTuple_GET_SIZE(value) : 1;
    if (n > 4096) {
        PyErr_SetString(PyExc_ValueError, "too many migration parameters");
        return -1;
    }
    return (int)n;
}

static virTypedParameter *py_migrate_params(PyObject *dict, int *n_out)
{
    Py_ssize_t pos = 0, j;
    PyObject *key, *value;
    virTypedParameter *out;
    int max = py_migrate_param_count(dict), n = 0;
    if (max < 0) return NULL;
    if (!(out = (virTypedParameter *)calloc((size_t)max + 1, sizeof *out))) {
        PyErr_NoMemory();
        return NULL;
    }
    while (PyDict_Next(dict, &pos, &key, &value)) {
        char name[VIR_TYPED_PARAM_FIELD_LENGTH];
        int type;
        if (py_typed_param_name(&out[n], key) < 0) goto fail;
        memcpy(name, out[n].field, sizeof name);
        if (PyTuple_Check(value)) {         /* a list: one parameter per entry */
            for (j = 0; j < PyTuple_GET_SIZE(value); j++) {
                PyObject *item = PyTuple_GET_ITEM(value, j);
                memcpy(out[n].field, name, sizeof name);
                if ((out[n].type = py_migrate_param_type(name, item)) < 0) {
                    PyErr_Format(PyExc_TypeError, "Unknown type of \"%s\" field", name);
                    goto fail;
                }
                if (py_typed_param_set(&out[n], item) < 0) goto fail;
                n++;
            }
            continue;
        }
        type = py_migrate_param_type(name, value);
        if (type < 0) {
            PyErr_Format(PyExc_TypeError, "Unknown type of \"%s\" field", name);
            goto fail;
        }
        out[n].type = type;
        if (py_typed_param_set(&out[n], value) < 0) goto fail;
        n++;
    }
    *n_out = n;
    return out;
fail:
    virTypedParamsFree(out, n);
    return NULL;
}

/* libvirt-python: migrateToURI3(dconnuri, params, flags=0) -> 0 */
static PyObject *dom_migrateToURI3(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"dconnuri", "params", "flags", NULL};
    const char *dconnuri;
    PyObject *dict;
    unsigned int flags = 0;
    virTypedParameter *params;
    int n = 0, r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "zO|I:migrateToURI3", (char **)kwlist, &dconnuri, &dict, &flags))
        return NULL;
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "migration params must be a dictionary");
        return NULL;
    }
    if (!(dict = py_migrate_snapshot(dict))) return NULL;
    params = py_migrate_params(dict, &n);
    Py_DECREF(dict);
    if (!params) return NULL;
    PY_CALL(r = virDomainMigrateToURI3(self->dom, dconnuri, params, (unsigned int)n, flags));
    virTypedParamsFree(params, n);
    if (r < 0) return py_raise("virDomainMigrateToURI3() failed");
    return PyLong_FromLong(r);
}

/* libvirt-python: migrate3(dconn, params, flags=0) -> virDomain of dconn */
static PyObject *dom_migrate3(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"dconn", "params", "flags", NULL};
    PyObject *dconn_obj, *dict;
    PyVirConnect *dconn = NULL;
    unsigned int flags = 0;
    virTypedParameter *params;
    virConnectPtr dc = NULL;
    virDomainPtr d;
    int n = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO|I:migrate3", (char **)kwlist, &dconn_obj, &dict, &flags))
        return NULL;
    if (dconn_obj != Py_None && !PyObject_TypeCheck(dconn_obj, &PyVirConnect_Type)) {
        PyErr_SetString(PyExc_TypeError, "migrate3: dconn must be a virConnect or None");
        return NULL;
    }
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "migration params must be a dictionary");
        return NULL;
    }
    if (!(dict = py_migrate_snapshot(dict))) return NULL;
    params = py_migrate_params(dict, &n);
    Py_DECREF(dict);
    if (!params) return NULL;
    if (dconn_obj != Py_None) {
        dconn = (PyVirConnect *)dconn_obj;
        dc = py_conn_enter(dconn);
    }
    PY_CALL(d = virDomainMigrate3(self->dom, dc, params, (unsigned int)n, flags));
    if (dconn) py_conn_leave(dconn, dc);
    virTypedParamsFree(params, n);
    if (!d) return py_raise("virDomainMigrate3() failed");
    return py_wrap_domain(dconn ? dconn : self->conn, d);
}

/* {'type': .., 'addr': .., 'prefix': ..} of one address */
static PyObject *py_ip_address(const virDomainIPAddress *a)
{
    /* python3-libvirt's key order, which print() shows */
    return Py_BuildValue("{s:N,s:I,s:i}", "addr", py_str_or_none(a->addr), "prefix", a->prefix, "type", a->type);
}

/* {'addrs': [address, ...], 'hwaddr': str or None} of one interface */
static PyObject *py_interface(const virDomainInterface *iface)
{
    PyObject *addrs = PyList_New((Py_ssize_t)iface->naddrs);
    unsigned int i;
    for (i = 0; addrs && i < iface->naddrs; i++) {
        PyObject *a = py_ip_address(&iface->addrs[i]);
        if (!a) Py_CLEAR(addrs);
        else PyList_SET_ITEM(addrs, i, a);
    }
    if (!addrs) return NULL;
    return Py_BuildValue("{s:N,s:N}", "addrs", addrs, "hwaddr", py_str_or_none(iface->hwaddr));
}

/* libvirt-python: interfaceAddresses(source, flags=0) -> {name: interface} */
static PyObject *dom_interfaceAddresses(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"source", "flags", NULL};
    unsigned int source, flags = 0;
    virDomainInterfacePtr *ifaces = NULL;
    PyObject *dict;
    int n, i;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "I|I:interfaceAddresses", (char **)kwlist, &source, &flags))
        return NULL;
    PY_CALL(n = virDomainInterfaceAddresses(self->dom, &ifaces, source, flags));
    if (n < 0) return py_raise("virDomainInterfaceAddresses() failed");
    dict = PyDict_New();
    for (i = 0; i < n; i++) {
        PyObject *v = dict ? py_interface(ifaces[i]) : NULL;
        if (dict && (!v || PyDict_SetItemString(dict, ifaces[i]->name ? ifaces[i]->name : "", v) < 0))
            Py_CLEAR(dict);
        Py_XDECREF(v);
        virDomainInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    return dict;
}

/* >>issue 11 phase 3 in Python: core dumps, devices, statistics, memory
 * flags (libvirt-python's names, defaults and shapes; compared with
 * python3-libvirt by tests/test_stats_devices.py) */

static PyObject *dom_coreDump(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"to", "flags", NULL};
    const char *to;
    unsigned int flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|I:coreDump", (char **)kwlist, &to, &flags)) return NULL;
    PY_CALL(r = virDomainCoreDump(self->dom, to, flags));
    if (r < 0) return py_raise("virDomainCoreDump() failed");
    return PyLong_FromLong(r);
}

static PyObject *dom_coreDumpWithFormat(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"to", "dumpformat", "flags", NULL};
    const char *to;
    unsigned int format, flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "sI|I:coreDumpWithFormat", (char **)kwlist, &to, &format, &flags))
        return NULL;
    PY_CALL(r = virDomainCoreDumpWithFormat(self->dom, to, format, flags));
    if (r < 0) return py_raise("virDomainCoreDumpWithFormat() failed");
    return PyLong_FromLong(r);
}

/* attachDevice(xml), attachDeviceFlags(xml, flags=0) and the detach pair */
static PyObject *py_device_call(PyVirDomain *self, PyObject *args, PyObject *kwds, int attach, int with_flags)
{
    static const char *kwlist_flags[] = {"xml", "flags", NULL};
    static const char *kwlist[] = {"xml", NULL};
    const char *xml;
    unsigned int flags = 0;
    int r;
    const char *format = attach ? (with_flags ? "s|I:attachDeviceFlags" : "s:attachDevice")
                                : (with_flags ? "s|I:detachDeviceFlags" : "s:detachDevice");
    if (!PyArg_ParseTupleAndKeywords(args, kwds, format, (char **)(with_flags ? kwlist_flags : kwlist), &xml,
                                     &flags))
        return NULL;
    if (attach && with_flags) PY_CALL(r = virDomainAttachDeviceFlags(self->dom, xml, flags));
    else if (attach) PY_CALL(r = virDomainAttachDevice(self->dom, xml));
    else if (with_flags) PY_CALL(r = virDomainDetachDeviceFlags(self->dom, xml, flags));
    else PY_CALL(r = virDomainDetachDevice(self->dom, xml));
    if (r < 0)
        return py_raise(attach ? (with_flags ? "virDomainAttachDeviceFlags() failed" : "virDomainAttachDevice() failed")
                               : (with_flags ? "virDomainDetachDeviceFlags() failed" : "virDomainDetachDevice() failed"));
    return PyLong_FromLong(r);
}

static PyObject *dom_attachDevice(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    return py_device_call(self, args, kwds, 1, 0);
}

static PyObject *dom_attachDeviceFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    return py_device_call(self, args, kwds, 1, 1);
}

static PyObject *dom_detachDevice(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    return py_device_call(self, args, kwds, 0, 0);
}

static PyObject *dom_detachDeviceFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    return py_device_call(self, args, kwds, 0, 1);
}

/* libvirt-python: blockStats(path) -> (rd_req, rd_bytes, wr_req, wr_bytes, errs) */
static PyObject *dom_blockStats(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"path", NULL};
    const char *path;
    virDomainBlockStatsStruct st;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:blockStats", (char **)kwlist, &path)) return NULL;
    PY_CALL(r = virDomainBlockStats(self->dom, path, &st, sizeof st));
    if (r < 0) return py_raise("virDomainBlockStats() failed");
    return Py_BuildValue("(LLLLL)", st.rd_req, st.rd_bytes, st.wr_req, st.wr_bytes, st.errs);
}

/* libvirt-python: interfaceStats(path) -> (rx_bytes, rx_packets, rx_errs,
 * rx_drop, tx_bytes, tx_packets, tx_errs, tx_drop) */
static PyObject *dom_interfaceStats(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"path", NULL};
    const char *path;
    virDomainInterfaceStatsStruct st;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s:interfaceStats", (char **)kwlist, &path)) return NULL;
    PY_CALL(r = virDomainInterfaceStats(self->dom, path, &st, sizeof st));
    if (r < 0) return py_raise("virDomainInterfaceStats() failed");
    return Py_BuildValue("(LLLLLLLL)", st.rx_bytes, st.rx_packets, st.rx_errs, st.rx_drop, st.tx_bytes,
                         st.tx_packets, st.tx_errs, st.tx_drop);
}

/* libvirt-python's names of the memory statistics' tags */
static const char *py_memory_stat_name(int tag)
{
    static const char *const names[] = {
        "swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available", "actual", "rss",
        "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};
    if (tag < 0 || (size_t)tag >= sizeof names / sizeof names[0]) return NULL;
    return names[tag];
}

/* libvirt-python: memoryStats() -> {name: value}, in the driver's order */
static PyObject *dom_memoryStats(PyVirDomain *self, PyObject *noargs)
{
    virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
    PyObject *dict;
    int n, i;
    (void)noargs;
    PY_CALL(n = virDomainMemoryStats(self->dom, stats, VIR_DOMAIN_MEMORY_STAT_NR, 0));
    if (n < 0) return py_raise("virDomainMemoryStats() failed");
    dict = PyDict_New();
    for (i = 0; dict && i < n && i < VIR_DOMAIN_MEMORY_STAT_NR; i++) {
        const char *name = py_memory_stat_name(stats[i].tag);
        PyObject *v;
        if (!name) continue;                     /* a tag libvirt-python does not name */
        v = PyLong_FromUnsignedLongLong(stats[i].val);
        if (!v || PyDict_SetItemString(dict, name, v) < 0) Py_CLEAR(dict);
        Py_XDECREF(v);
    }
    return dict;
}

/* One virDomainGetCPUStats call into a fresh list of nparams * ncpus
 * parameters (NULL when nparams is 0); the count filled, or -1 raised. */
static int py_cpu_stats_query(PyVirDomain *self, int start, unsigned int ncpus, int nparams, unsigned int flags,
                              virTypedParameter **out)
{
    int r;
    *out = NULL;
    if (nparams <= 0) return 0;
    if (!(*out = (virTypedParameter *)calloc((size_t)nparams * ncpus, sizeof **out))) {
        PyErr_NoMemory();
        return -1;
    }
    PY_CALL(r = virDomainGetCPUStats(self->dom, *out, (unsigned int)nparams, start, ncpus, flags));
    if (r < 0) {
        free(*out);
        *out = NULL;
        py_raise("virDomainGetCPUStats() failed");
    }
    return r;
}

static int py_append_params(PyObject *list, const virTypedParameter *params, int n)
{
    PyObject *d = py_typed_params_dict(params, n);
    int r = d ? PyList_Append(list, d) : -1;
    Py_XDECREF(d);
    return r;
}

/* libvirt-python: getCPUStats(total, flags=0) -> [{name: value}] (one
 * dict in total, else one per host CPU, queried 128 CPUs at a time) */
static PyObject *dom_getCPUStats(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"total", "flags", NULL};
    PyObject *total_obj, *list;
    unsigned int flags = 0;
    virTypedParameter *params;
    int total, ncpus = 1, nparams, start, n, i;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|I:getCPUStats", (char **)kwlist, &total_obj, &flags))
        return NULL;
    if ((total = PyObject_IsTrue(total_obj)) < 0) return NULL;
    if (!total) PY_CALL(ncpus = virDomainGetCPUStats(self->dom, NULL, 0, 0, 0, flags));
    if (ncpus < 0) return py_raise("virDomainGetCPUStats() failed");
    PY_CALL(nparams = virDomainGetCPUStats(self->dom, NULL, 0, total ? -1 : 0, 1, flags));
    if (nparams < 0) return py_raise("virDomainGetCPUStats() failed");
    if (!(list = PyList_New(0))) return NULL;
    for (start = total ? -1 : 0; ncpus > 0;) {
        unsigned int batch = ncpus < 128 ? (unsigned int)ncpus : 128u;
        if ((n = py_cpu_stats_query(self, start, batch, nparams, flags, &params)) < 0) break;
        for (i = 0; i < (int)batch && list; i++)
            if (py_append_params(list, params ? params + (size_t)i * (size_t)nparams : NULL, params ? n : 0) < 0)
                Py_CLEAR(list);
        virTypedParamsFree(params, nparams * (int)batch);
        if (!list) return NULL;
        ncpus -= (int)batch;
        start = total ? start : start + (int)batch;
    }
    if (ncpus > 0) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

static PyObject *dom_setMemoryFlags(PyVirDomain *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"memory", "flags", NULL};
    PyObject *mem_obj;
    unsigned long kib;
    unsigned int flags = 0;
    int r;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|I:setMemoryFlags", (char **)kwlist, &mem_obj, &flags))
        return NULL;
    if (py_to_ulong(mem_obj, "memory", &kib) < 0) return NULL;
    PY_CALL(r = virDomainSetMemoryFlags(self->dom, kib, flags));
    if (r < 0) return py_raise("virDomainSetMemoryFlags() failed");
    return PyLong_FromLong(r);
}

/* {field: value} of node counters (virNodeCPUStats / virNodeMemoryStats
 * share the layout: an 80-byte name and an unsigned long long) */
#define PY_NODE_STATS_DICT(params, n)                                                              \
    do {                                                                                           \
        int py_i_;                                                                                 \
        dict = PyDict_New();                                                                       \
        for (py_i_ = 0; dict && py_i_ < (n); py_i_++) {                                            \
            char py_f_[sizeof (params)[0].field + 1];                                              \
            PyObject *py_v_ = PyLong_FromUnsignedLongLong((params)[py_i_].value);                  \
            memcpy(py_f_, (params)[py_i_].field, sizeof (params)[0].field);                       \
            py_f_[sizeof (params)[0].field] = '\0';                                                \
            if (!py_v_ || PyDict_SetItemString(dict, py_f_, py_v_) < 0) Py_CLEAR(dict);            \
            Py_XDECREF(py_v_);                                                                     \
        }                                                                                          \
    } while (0)

/* libvirt-python: getCPUStats(cpuNum, flags=0) -> {name: value} */
static PyObject *conn_getCPUStats(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"cpuNum", "flags", NULL};
    int cpu, n = 0, r;
    unsigned int flags = 0;
    virNodeCPUStats *params = NULL;
    PyObject *dict;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i|I:getCPUStats", (char **)kwlist, &cpu, &flags)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virNodeGetCPUStats(c, cpu, NULL, &n, flags));
    if (r == 0 && n > 0) {
        params = (virNodeCPUStats *)PyMem_Calloc((size_t)n, sizeof *params);
        if (params) PY_CALL(r = virNodeGetCPUStats(c, cpu, params, &n, flags));
    }
    py_conn_leave(self, c);
    if (r < 0) dict = py_raise("virNodeGetCPUStats() failed");
    else if (n > 0 && !params) dict = PyErr_NoMemory();
    else PY_NODE_STATS_DICT(params, n);
    PyMem_Free(params);
    return dict;
}

/* libvirt-python: getMemoryStats(cellNum, flags=0) -> {name: value} */
static PyObject *conn_getMemoryStats(PyVirConnect *self, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"cellNum", "flags", NULL};
    int cell, n = 0, r;
    unsigned int flags = 0;
    virNodeMemoryStats *params = NULL;
    PyObject *dict;
    virConnectPtr c;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i|I:getMemoryStats", (char **)kwlist, &cell, &flags)) return NULL;
    c = py_conn_enter(self);
    PY_CALL(r = virNodeGetMemoryStats(c, cell, NULL, &n, flags));
    if (r == 0 && n > 0) {
        params = (virNodeMemoryStats *)PyMem_Calloc((size_t)n, sizeof *params);
        if (params) PY_CALL(r = virNodeGetMemoryStats(c, cell, params, &n, flags));
    }
    py_conn_leave(self, c);
    if (r < 0) dict = py_raise("virNodeGetMemoryStats() failed");
    else if (n > 0 && !params) dict = PyErr_NoMemory();
    else PY_NODE_STATS_DICT(params, n);
    PyMem_Free(params);
    return dict;
}
#undef PY_NODE_STATS_DICT

/* After the interpreter is gone, errors (from a C thread, say) must not
 * reach the Python handler: back to virt's default printing. */
static void py_at_exit(void)
{
    virSetErrorFunc(NULL, NULL);
}

PyMODINIT_FUNC PyInit_virt(void);
PyMODINIT_FUNC PyInit_virt(void)
{
    PyObject *m;
    if (init_types() < 0) return NULL;
    m = PyModule_Create(&virt_module);
    if (!m) return NULL;
    Py_INCREF(&PyVirConnect_Type);
    Py_INCREF(&PyVirDomain_Type);
    if (PyModule_AddObject(m, "virConnect", (PyObject *)&PyVirConnect_Type) < 0 ||
        PyModule_AddObject(m, "virDomain", (PyObject *)&PyVirDomain_Type) < 0 ||
        add_libvirt_error(m) < 0 || add_constants(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    virInitialize();
    /* every virt error goes through the module's handler (virSetErrorFunc
     * is set once, here, as virt.h asks: before any connection) */
    virSetErrorFunc(NULL, py_error_trampoline);
    (void)Py_AtExit(py_at_exit);
    return m;
}
