"""Pure-Python twin of the compiled ``informix_db._cwire`` module (same names, same behaviour).

Used where no compiled extension exists and as the reference the compiled module is
tested against; see docs/ARCHITECTURE.md, "Contract: the wire module".
"""

from .arrow import ArrowBatchBuilder, ArrowBindEncoder, ArrowStream, _set_batch_byte_limit_for_tests
from .buffers import NeedMoreData, ReadBuffer, WriteBuffer
from .decoders import RowDecoder
from .encoders import encode_params

__all__ = ["ArrowBatchBuilder", "ArrowBindEncoder", "ArrowStream", "NeedMoreData", "ReadBuffer", "RowDecoder",
           "WriteBuffer", "_set_batch_byte_limit_for_tests", "encode_params"]
