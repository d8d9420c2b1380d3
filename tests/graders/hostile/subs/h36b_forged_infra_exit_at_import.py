# expect: total=0
# os._exit(97) while the file loads, and a forged sandbox report on every fd first: every test
# fails (the file never loads), the batch goes on.
import os

for _fd in range(3, 256):
    try:
        os.write(_fd, b"ready failed\n")
    except OSError:
        pass
os._exit(97)
