# expect: full
# The control: the correct solution as is (nothing appended).
