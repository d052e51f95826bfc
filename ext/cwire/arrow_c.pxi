# The Arrow C data and stream interfaces (https://arrow.apache.org/docs/format/CDataInterface.html),
# declared once, and the objects that export built batches through the PyCapsule protocol
# (__arrow_c_schema__, __arrow_c_array__, __arrow_c_stream__). No pyarrow needed.

from cpython.pycapsule cimport PyCapsule_Destructor, PyCapsule_GetPointer, PyCapsule_New
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memset, strdup

cdef extern from *:
    """
    #ifndef ARROW_C_DATA_INTERFACE
    #define ARROW_C_DATA_INTERFACE
    #define ARROW_FLAG_DICTIONARY_ORDERED 1
    #define ARROW_FLAG_NULLABLE 2
    #define ARROW_FLAG_MAP_KEYS_SORTED 4
    struct ArrowSchema {
      const char* format;
      const char* name;
      const char* metadata;
      int64_t flags;
      int64_t n_children;
      struct ArrowSchema** children;
      struct ArrowSchema* dictionary;
      void (*release)(struct ArrowSchema*);
      void* private_data;
    };
    struct ArrowArray {
      int64_t length;
      int64_t null_count;
      int64_t offset;
      int64_t n_buffers;
      int64_t n_children;
      const void** buffers;
      struct ArrowArray** children;
      struct ArrowArray* dictionary;
      void (*release)(struct ArrowArray*);
      void* private_data;
    };
    #endif
    #ifndef ARROW_C_STREAM_INTERFACE
    #define ARROW_C_STREAM_INTERFACE
    struct ArrowArrayStream {
      int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
      int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
      const char* (*get_last_error)(struct ArrowArrayStream*);
      void (*release)(struct ArrowArrayStream*);
      void* private_data;
    };
    #endif
    """
    enum:
        ARROW_FLAG_NULLABLE

    cdef struct ArrowSchema:
        const char* format
        const char* name
        const char* metadata
        int64_t flags
        int64_t n_children
        ArrowSchema** children
        ArrowSchema* dictionary
        void (*release)(ArrowSchema*) noexcept nogil
        void* private_data

    cdef struct ArrowArray:
        int64_t length
        int64_t null_count
        int64_t offset
        int64_t n_buffers
        int64_t n_children
        const void** buffers
        ArrowArray** children
        ArrowArray* dictionary
        void (*release)(ArrowArray*) noexcept nogil
        void* private_data

    cdef struct ArrowArrayStream:
        int (*get_schema)(ArrowArrayStream*, ArrowSchema*) noexcept nogil
        int (*get_next)(ArrowArrayStream*, ArrowArray*) noexcept nogil
        const char* (*get_last_error)(ArrowArrayStream*) noexcept nogil
        void (*release)(ArrowArrayStream*) noexcept nogil
        void* private_data


cdef enum:
    STREAM_EIO = 5      # errno returned by get_next/get_schema when producing failed


# -- schema ---------------------------------------------------------------------------

cdef void release_schema(ArrowSchema* schema) noexcept nogil:
    """Frees a schema node built by fill_schema (children first)."""
    cdef int64_t i
    for i in range(schema.n_children):
        if schema.children[i].release != NULL:
            schema.children[i].release(schema.children[i])
    if schema.n_children:
        free(schema.children[0])        # one block holds every child struct
    free(schema.children)
    free(<void*>schema.format)
    free(<void*>schema.name)
    schema.release = NULL


cdef int fill_schema(ArrowSchema* out, list fields) except -1:
    """A struct schema ("+s") with one nullable child per (name bytes, format bytes)."""
    cdef Py_ssize_t n = len(fields), i
    cdef ArrowSchema* block
    cdef ArrowSchema* child
    memset(out, 0, sizeof(ArrowSchema))
    out.format = strdup(b"+s")
    out.name = strdup(b"")
    out.children = <ArrowSchema**>calloc(n or 1, sizeof(ArrowSchema*))
    block = <ArrowSchema*>calloc(n or 1, sizeof(ArrowSchema))
    out.release = release_schema
    if out.format == NULL or out.name == NULL or out.children == NULL or block == NULL:
        free(block)
        release_schema(out)
        raise MemoryError()
    out.n_children = n
    for i in range(n):
        name, fmt = fields[i]
        child = &block[i]
        out.children[i] = child
        child.format = strdup(<const char*>fmt)
        child.name = strdup(<const char*>name)
        child.flags = ARROW_FLAG_NULLABLE
        child.release = release_schema
        if child.format == NULL or child.name == NULL:
            release_schema(out)
            raise MemoryError()
    if n == 0:
        free(block)
    return 0


cdef void free_schema_capsule(object capsule) noexcept:
    cdef ArrowSchema* schema = <ArrowSchema*>PyCapsule_GetPointer(capsule, b"arrow_schema")
    if schema.release != NULL:
        schema.release(schema)
    free(schema)


cdef object schema_capsule(list fields):
    cdef ArrowSchema* schema = <ArrowSchema*>calloc(1, sizeof(ArrowSchema))
    if schema == NULL:
        raise MemoryError()
    try:
        fill_schema(schema, fields)
    except BaseException:
        free(schema)
        raise
    return PyCapsule_New(schema, b"arrow_schema", <PyCapsule_Destructor>free_schema_capsule)


# -- arrays ---------------------------------------------------------------------------

cdef void release_column_array(ArrowArray* array) noexcept nogil:
    """A column array owns its buffers (malloc'd) and the pointer list."""
    cdef int64_t i
    for i in range(array.n_buffers):
        free(<void*>array.buffers[i])
    free(array.buffers)
    array.release = NULL


cdef void release_struct_array(ArrowArray* array) noexcept nogil:
    cdef int64_t i
    for i in range(array.n_children):
        if array.children[i].release != NULL:
            array.children[i].release(array.children[i])
    if array.n_children:
        free(array.children[0])         # one block holds every child struct
    free(array.children)
    free(array.buffers)
    array.release = NULL


cdef void free_array_capsule(object capsule) noexcept:
    cdef ArrowArray* array = <ArrowArray*>PyCapsule_GetPointer(capsule, b"arrow_array")
    if array.release != NULL:
        array.release(array)
    free(array)


cdef class ArrowBatch:
    """One record batch built by ArrowBatchBuilder: a struct array of the result's columns.

    Exported once (``__arrow_c_array__`` moves it out; a consumer then owns the buffers).
    """

    cdef ArrowArray _array
    cdef readonly list fields       # [(name bytes, format bytes)], the schema
    cdef readonly int64_t num_rows

    def __dealloc__(self):
        if self._array.release != NULL:
            self._array.release(&self._array)

    cdef int _move_to(self, ArrowArray* out) except -1:
        if self._array.release == NULL:
            raise ValueError("this Arrow batch was already exported")
        memcpy(out, &self._array, sizeof(ArrowArray))
        self._array.release = NULL
        return 0

    def __arrow_c_schema__(self):
        return schema_capsule(self.fields)

    def __arrow_c_array__(self, requested_schema=None):
        cdef ArrowArray* array = <ArrowArray*>calloc(1, sizeof(ArrowArray))
        if array == NULL:
            raise MemoryError()
        try:
            self._move_to(array)
        except BaseException:
            free(array)
            raise
        capsule = PyCapsule_New(array, b"arrow_array", <PyCapsule_Destructor>free_array_capsule)
        return schema_capsule(self.fields), capsule

    def __len__(self):
        return self.num_rows


# -- streams --------------------------------------------------------------------------

cdef class _StreamSource:
    """What an exported ArrowArrayStream reads: the schema and an iterator of ArrowBatch."""

    cdef list fields
    cdef object batches
    cdef bytes last_error

    def __cinit__(self, list fields, batches):
        self.fields = fields
        self.batches = batches
        self.last_error = b""


cdef int stream_get_schema(ArrowArrayStream* stream, ArrowSchema* out) noexcept nogil:
    with gil:
        source = <_StreamSource>stream.private_data
        try:
            fill_schema(out, source.fields)
        except BaseException as exc:
            source.last_error = str(exc).encode("utf-8", "replace")
            return STREAM_EIO
        return 0


cdef int stream_get_next(ArrowArrayStream* stream, ArrowArray* out) noexcept nogil:
    with gil:
        source = <_StreamSource>stream.private_data
        try:
            batch = next(source.batches, None)
            if batch is None:
                memset(out, 0, sizeof(ArrowArray))   # release == NULL: end of stream
                return 0
            (<ArrowBatch?>batch)._move_to(out)
        except BaseException as exc:
            source.last_error = f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")
            return STREAM_EIO
        return 0


cdef const char* stream_get_last_error(ArrowArrayStream* stream) noexcept nogil:
    with gil:
        source = <_StreamSource>stream.private_data
        return PyBytes_AS_STRING(source.last_error) if source.last_error else NULL


cdef void stream_release(ArrowArrayStream* stream) noexcept nogil:
    with gil:
        Py_DECREF(<object>stream.private_data)
    stream.release = NULL


cdef void free_stream_capsule(object capsule) noexcept:
    cdef ArrowArrayStream* stream = <ArrowArrayStream*>PyCapsule_GetPointer(capsule, b"arrow_array_stream")
    if stream.release != NULL:
        stream.release(stream)
    free(stream)


cdef class ArrowStream:
    """Record batches with one schema, read through the Arrow PyCapsule stream interface.

    ``batches`` is any iterator of ArrowBatch (a finished list, or a generator that fetches
    as the consumer reads); it is exported once.
    """

    cdef list _fields
    cdef object _batches

    def __cinit__(self, list fields not None, batches):
        self._fields = fields
        self._batches = iter(batches)

    def __arrow_c_schema__(self):
        return schema_capsule(self._fields)

    def __arrow_c_stream__(self, requested_schema=None):
        cdef ArrowArrayStream* stream
        if self._batches is None:
            raise ValueError("this Arrow stream was already exported")
        stream = <ArrowArrayStream*>calloc(1, sizeof(ArrowArrayStream))
        if stream == NULL:
            raise MemoryError()
        source = _StreamSource(self._fields, self._batches)
        self._batches = None
        Py_INCREF(source)
        stream.private_data = <void*>source
        stream.get_schema = stream_get_schema
        stream.get_next = stream_get_next
        stream.get_last_error = stream_get_last_error
        stream.release = stream_release
        return PyCapsule_New(stream, b"arrow_array_stream", <PyCapsule_Destructor>free_stream_capsule)
